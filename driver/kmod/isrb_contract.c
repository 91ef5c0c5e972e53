// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * The contract's requests on the request path (port->lock held): the state table of
 * ../../../shared/spec/isr-contract.md, answered with the same Status and Information as the
 * user-space driver (driver/core/port_driver.cpp). Each row is named where it is decided.
 *
 * Validation beyond the table (a kernel entry point must refuse what it does not know):
 *  - CONNECT with a routine id other than the built-in ones, or a deferred routine id other
 *    than 0 / ISRB_DEFERRED_PORT_CHECK: INVALID_PARAMETER (as a null routine is, [ours]);
 *  - contexts are keys only, never dereferenced: every value is valid.
 */
#include <linux/atomic.h>
#include <linux/interrupt.h>
#include <linux/ktime.h>
#include <linux/string.h>

#include "isrb_port.h"

#define STATUS_SUCCESS 0x00000000u
#define STATUS_UNSUCCESSFUL 0xC0000001u
#define STATUS_INVALID_PARAMETER 0xC000000Du
#define STATUS_BUFFER_TOO_SMALL 0xC0000023u
#define STATUS_DELETE_PENDING 0xC0000056u
#define STATUS_INSUFFICIENT_RESOURCES 0xC000009Au
#define STATUS_NOT_SUPPORTED 0xC00000BBu

#define ISRB_STRUCT_SIZE ((u32)sizeof(struct isrb_system_buffer))

static atomic64_t isrb_next_instance = ATOMIC64_INIT(0);

/* Interrupt objects are opaque tokens (instance, connection number), never kernel addresses:
 * a stale or foreign one never equals the current one. The layout is the user-space driver's. */
static u64 isrb_object_token(u64 instance, u64 connection)
{
	return (instance << 32) | ((connection & 0x0FFFFFFF) << 4) | 0x8;
}

/* Only while the interrupt path cannot run (open, before the port is claimed). */
void isrb_reset_instance(struct isrb_port *p)
{
	u32 i;

	p->instance = atomic64_inc_return(&isrb_next_instance);
	p->connections_made = 0;
	p->object = 0;
	p->active = false;
	p->inactive_confirmed = false;
	p->inactive_reported = false;
	p->connect_enabled = true; /* row 1 [ours]: enabled by default */
	p->removing = false;
	p->allocation_count = -1;
	for (i = 0; i < ISRB_MAX_CLIENTS; i++) {
		const u32 generation = p->slots[i].generation + 1;

		memset(&p->slots[i], 0, sizeof(p->slots[i]));
		p->slots[i].generation = generation;
	}
	p->client_count = 0;
	memset(p->lists, 0, sizeof(p->lists));
	p->published = &p->lists[0];
	memset(p->observations, 0, sizeof(p->observations));
	p->observation_count = 0;
	memset(&p->counters, 0, sizeof(p->counters));
	p->log_count = 0;
	p->stimulus = 0;
	p->data = 0;
}

/* Waits out every interrupt function that may have seen the state before this call
 * (synchronize_irq: hard handlers and, on PREEMPT_RT, the line's thread). */
void isrb_synchronize(struct isrb_port *p)
{
	if (p->irq != PARPORT_IRQ_NONE)
		synchronize_irq(p->irq);
}

static void isrb_log_add(struct isrb_port *p, u32 kind, u32 code, u32 status, u64 information)
{
	struct isrb_log_entry *e = &p->log[p->log_count % ISRB_LOG_ENTRIES];

	e->number = ++p->log_count;
	e->time_ns = ktime_get_ns();
	e->kind = kind;
	e->io_control_code = code;
	e->status = status;
	e->reserved = 0;
	e->information = information;
}

/* Publishes `next` as the list the interrupt path reads, then waits until nothing reads the
 * previous one, so that the next publish may reuse its buffer. */
static void isrb_publish(struct isrb_port *p, const struct isrb_client_list *next)
{
	struct isrb_client_list *spare =
		p->published == &p->lists[0] ? &p->lists[1] : &p->lists[0];

	*spare = *next;
	smp_store_release(&p->published, spare);
	isrb_synchronize(p);
}

static struct isrb_observation *isrb_observation_for(struct isrb_port *p, u64 routine,
						     u64 context)
{
	u32 i;

	for (i = 0; i < p->observation_count; i++) {
		if (p->observations[i].routine == routine && p->observations[i].context == context)
			return &p->observations[i];
	}
	if (p->observation_count == ISRB_MAX_CLIENTS)
		return NULL;
	p->observations[p->observation_count].routine = routine;
	p->observations[p->observation_count].context = context;
	return &p->observations[p->observation_count++];
}

static int isrb_free_slot(struct isrb_port *p)
{
	int i;

	for (i = 0; i < ISRB_MAX_CLIENTS; i++) {
		if (!p->slots[i].used)
			return i;
	}
	return -1;
}

static u32 isrb_connect(struct isrb_port *p, struct isrb_request *r)
{
	const u64 *in = r->buffer.field;
	struct isrb_client_list next = *p->published;
	struct isrb_observation *observation;
	struct isrb_slot *slot;
	int index;

	if (!p->connect_enabled) /* row 1: before the buffer sizes */
		return STATUS_UNSUCCESSFUL;
	if (r->input_length < ISRB_STRUCT_SIZE || r->output_length < ISRB_STRUCT_SIZE)
		return STATUS_BUFFER_TOO_SMALL; /* row 2 */
	if (in[0] == 0 || in[0] > ISRB_ROUTINE_LAST ||
	    (in[2] != 0 && in[2] != ISRB_DEFERRED_PORT_CHECK))
		return STATUS_INVALID_PARAMETER;
	if (p->client_count == 0 && p->irq == PARPORT_IRQ_NONE)
		return STATUS_NOT_SUPPORTED; /* row 3 */
	/* Row 4: the fixed tables are the memory. The slot first, so that a refused connect does
	 * not take one of the observation entries, which live as long as the open. */
	index = isrb_free_slot(p);
	if (index < 0)
		return STATUS_INSUFFICIENT_RESOURCES;
	observation = isrb_observation_for(p, in[0], in[1]);
	if (!observation)
		return STATUS_INSUFFICIENT_RESOURCES;

	if (p->client_count == 0) {
		/* [doc] after connecting, the connection is active; a new object each time. */
		p->object = isrb_object_token(p->instance, ++p->connections_made);
		WRITE_ONCE(p->inactive_confirmed, false);
		WRITE_ONCE(p->inactive_reported, false);
		WRITE_ONCE(p->active, true);
	}
	WRITE_ONCE(observation->connections, observation->connections + 1);
	slot = &p->slots[index];
	slot->routine = in[0];
	slot->context = in[1];
	slot->deferred_routine = in[2];
	slot->deferred_context = in[3];
	slot->observation = observation;
	slot->calls = 0;
	slot->returned_true = 0;
	slot->used = true;
	next.refs[next.count].slot = index;
	next.refs[next.count].generation = slot->generation;
	next.count++;
	isrb_publish(p, &next); /* rows 4 and 5: appended, in connection order */
	p->client_count++;

	memset(&r->buffer, 0, sizeof(r->buffer));
	r->buffer.field[0] = p->object;
	r->buffer.field[1] = ISRB_TRY_ALLOCATE_AT_INTERRUPT_LEVEL;
	r->buffer.field[2] = ISRB_FREE_FROM_INTERRUPT_LEVEL;
	r->buffer.field[3] = p->instance;
	r->information = ISRB_STRUCT_SIZE;
	return STATUS_SUCCESS;
}

/* Unpublishes the connection at `position`, waits for the interrupt path, then frees it: when
 * this returns, its routine is not running and never will again (row 9). */
static void isrb_remove_connection(struct isrb_port *p, u32 position)
{
	struct isrb_client_list next = *p->published;
	struct isrb_slot *slot = &p->slots[next.refs[position].slot];

	memmove(&next.refs[position], &next.refs[position + 1],
		(next.count - position - 1) * sizeof(next.refs[0]));
	next.count--;
	isrb_publish(p, &next);
	WRITE_ONCE(slot->generation, slot->generation + 1);
	slot->used = false;
	WRITE_ONCE(slot->observation->connections, slot->observation->connections - 1);
	p->client_count--;
	if (p->client_count == 0) {
		/* The last client disconnects the port's interrupt: the object becomes stale. */
		p->object = 0;
		WRITE_ONCE(p->active, false);
	}
}

static u32 isrb_disconnect(struct isrb_port *p, struct isrb_request *r)
{
	const struct isrb_client_list *list = p->published;
	u32 i;

	if (r->input_length < ISRB_STRUCT_SIZE)
		return STATUS_BUFFER_TOO_SMALL; /* row 6 */
	/* Rows 7 and 8: the (routine, context) pair is the key; the deferred fields are ignored. */
	for (i = 0; i < list->count; i++) {
		const struct isrb_slot *slot = &p->slots[list->refs[i].slot];

		if (slot->routine == r->buffer.field[0] && slot->context == r->buffer.field[1]) {
			isrb_remove_connection(p, i);
			return STATUS_SUCCESS; /* row 9: Information 0 */
		}
	}
	return STATUS_INVALID_PARAMETER;
}

void isrb_disconnect_all(struct isrb_port *p)
{
	while (p->published->count > 0)
		isrb_remove_connection(p, p->published->count - 1);
}

/* Row 17: with an allocation waiting the port goes to it; otherwise every non-null deferred
 * port check routine runs, in connection order, [ours] also while inactive. */
static u32 isrb_port_free(struct isrb_port *p)
{
	const struct isrb_client_list *list = p->published;
	u32 i;

	if (p->allocation_count > 0) {
		p->allocation_count--;
		return STATUS_SUCCESS;
	}
	p->allocation_count = -1;
	for (i = 0; i < list->count; i++) {
		struct isrb_slot *slot = &p->slots[list->refs[i].slot];

		if (slot->deferred_routine == ISRB_DEFERRED_PORT_CHECK) {
			slot->observation->deferred_calls++;
			p->counters.deferred_routine_calls++;
		}
	}
	return STATUS_SUCCESS;
}

void isrb_handle_request(struct isrb_port *p, struct isrb_request *r)
{
	p->counters.requests++;
	r->information = 0;
	if (p->removing || p->gone) {
		r->status = STATUS_DELETE_PENDING; /* row 18: known or not */
	} else {
		switch (r->io_control_code) {
		case ISRB_IOCTL_CONNECT_INTERRUPT:
			r->status = isrb_connect(p, r);
			break;
		case ISRB_IOCTL_DISCONNECT_INTERRUPT:
			r->status = isrb_disconnect(p, r);
			break;
		case ISRB_IOCTL_PORT_FREE:
			r->status = isrb_port_free(p);
			break;
		default:
			r->status = STATUS_INVALID_PARAMETER; /* row 19 */
			break;
		}
	}
	isrb_log_add(p, ISRB_LOG_REQUEST, r->io_control_code, r->status, r->information);
}

/* Rows 10-13. Void on Windows; row 13 [ours]: no connection, a stale or foreign object or a
 * wrong version is rejected, counted and answered INVALID_PARAMETER. */
u32 isrb_report(struct isrb_port *p, const struct isrb_report *report, bool active)
{
	u32 status = STATUS_SUCCESS;

	p->counters.requests++;
	if (p->removing || p->gone) {
		status = STATUS_DELETE_PENDING;
	} else if (report->version != ISRB_CONNECT_LINE_BASED || p->object == 0 ||
		   report->interrupt_object != p->object) {
		p->counters.rejected_reports++;
		status = STATUS_INVALID_PARAMETER;
	} else if (active) { /* row 12 */
		WRITE_ONCE(p->inactive_reported, false);
		WRITE_ONCE(p->inactive_confirmed, false);
		smp_store_release(&p->active, true);
	} else { /* rows 10 and 11: returns once no call that saw "active" is in flight */
		WRITE_ONCE(p->active, false);
		isrb_synchronize(p);
		WRITE_ONCE(p->inactive_confirmed, true);
		WRITE_ONCE(p->inactive_reported, true);
	}
	isrb_log_add(p, active ? ISRB_LOG_REPORT_ACTIVE : ISRB_LOG_REPORT_INACTIVE, 0, status, 0);
	return status;
}

void isrb_allocate(struct isrb_port *p, struct isrb_allocate *result)
{
	p->counters.requests++;
	memset(result, 0, sizeof(*result));
	if (p->removing || p->gone) {
		result->status = STATUS_DELETE_PENDING;
		return;
	}
	p->allocation_count = p->allocation_count < 0 ? 0 : p->allocation_count + 1;
	result->status = STATUS_SUCCESS;
	result->granted = p->allocation_count == 0;
	result->queue_position = p->allocation_count;
}

static u32 isrb_state_code(const struct isrb_port *p)
{
	if (p->client_count == 0)
		return ISRB_STATE_NO_CLIENT;
	return READ_ONCE(p->active) ? ISRB_STATE_CONNECTED_ACTIVE : ISRB_STATE_CONNECTED_INACTIVE;
}

static void isrb_copy_counters(const struct isrb_counters *from, struct isrb_counters *to)
{
	/* Interrupt-path fields have one writer; each is read whole. */
	to->interrupts = READ_ONCE(from->interrupts);
	to->serviced = READ_ONCE(from->serviced);
	to->suppressed = READ_ONCE(from->suppressed);
	to->unclaimed = READ_ONCE(from->unclaimed);
	to->violations = READ_ONCE(from->violations);
	to->declined = READ_ONCE(from->declined);
	to->requests = from->requests;
	to->rejected_reports = from->rejected_reports;
	to->deferred_routine_calls = from->deferred_routine_calls;
	to->records_written = READ_ONCE(from->records_written);
	to->ring_overflow = READ_ONCE(from->ring_overflow);
	to->stimuli = READ_ONCE(from->stimuli);
}

void isrb_fill_state(struct isrb_port *p, struct isrb_state *s)
{
	const struct isrb_client_list *list = p->published;
	u32 i;

	memset(s, 0, sizeof(*s));
	s->state = isrb_state_code(p);
	s->client_count = list->count;
	s->observation_count = p->observation_count;
	s->connect_enabled = p->connect_enabled;
	s->removing = p->removing || p->gone;
	s->port_allocated = p->allocation_count >= 0;
	s->allocations_waiting = p->allocation_count > 0 ? p->allocation_count : 0;
	s->irq = p->irq == PARPORT_IRQ_NONE ? -1 : p->irq;
	s->interrupt_object = p->object;
	isrb_copy_counters(&p->counters, &s->counters);
	for (i = 0; i < list->count; i++) {
		const struct isrb_slot *slot = &p->slots[list->refs[i].slot];

		s->clients[i].routine = slot->routine;
		s->clients[i].context = slot->context;
		s->clients[i].calls = READ_ONCE(slot->calls);
		s->clients[i].returned_true = READ_ONCE(slot->returned_true);
		s->clients[i].has_deferred = slot->deferred_routine != 0;
	}
	for (i = 0; i < p->observation_count; i++) {
		const struct isrb_observation *o = &p->observations[i];

		s->observations[i].routine = o->routine;
		s->observations[i].context = o->context;
		s->observations[i].calls = READ_ONCE(o->calls);
		s->observations[i].deferred_calls = o->deferred_calls;
		s->observations[i].violations = READ_ONCE(o->violations);
		s->observations[i].connections = o->connections;
	}
}

void isrb_fill_log(struct isrb_port *p, struct isrb_log *log)
{
	const u64 count = min_t(u64, p->log_count, ISRB_LOG_ENTRIES);
	u64 i;

	memset(log, 0, sizeof(*log));
	log->count = count;
	for (i = 0; i < count; i++)
		log->entries[i] = p->log[(p->log_count - count + i) % ISRB_LOG_ENTRIES];
}
