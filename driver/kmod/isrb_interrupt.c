// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * The interrupt path: the parport's interrupt function for our device, the client ISR decision
 * of contract rows 14-16, the built-in routines, and the record ring user space reads.
 * Everything here runs with one writer per field and no lock (see isrb_port.h).
 */
#include <linux/compiler.h>
#include <linux/ktime.h>
#include <linux/parport.h>

#include "isrb_port.h"

/* A client routine's own view of the contract (routines::BuiltinClient::recordCall): a call
 * after its DISCONNECT or REPORT INACTIVE returned is a violation. */
static void isrb_observe_call(struct isrb_port *p, struct isrb_observation *o)
{
	WRITE_ONCE(o->calls, o->calls + 1);
	if (READ_ONCE(o->connections) <= 0 || READ_ONCE(p->inactive_reported))
		WRITE_ONCE(o->violations, o->violations + 1);
}

/* The built-in routines; the responder answers through the plug (D0 -> nError). */
static bool isrb_call_routine(struct isrb_port *p, const struct isrb_slot *slot)
{
	isrb_observe_call(p, slot->observation);
	switch (slot->routine) {
	case ISRB_ROUTINE_RESPONDER:
		p->data ^= 0x01;
		parport_write_data(p->port, p->data);
		return true;
	case ISRB_ROUTINE_COUNTER:
		return true;
	default: /* ISRB_ROUTINE_DECLINER: CONNECT accepts nothing else */
		return false;
	}
}

/* Row 14 [ours]: every connected routine, in connection order, whatever the others return.
 * A reference to a freed slot, or any call once REPORT INACTIVE has returned, would break the
 * contract: it is counted, not made. */
static void isrb_call_clients(struct isrb_port *p, const struct isrb_client_list *list,
			      struct isrb_record *r)
{
	u32 i;

	for (i = 0; i < list->count; i++) {
		struct isrb_slot *slot = &p->slots[list->refs[i].slot];
		bool claimed;

		if (READ_ONCE(slot->generation) != list->refs[i].generation ||
		    READ_ONCE(p->inactive_confirmed)) {
			WRITE_ONCE(p->counters.violations, p->counters.violations + 1);
			r->violations++;
			continue;
		}
		claimed = isrb_call_routine(p, slot);
		WRITE_ONCE(slot->calls, slot->calls + 1);
		r->routines_called++;
		if (claimed) {
			WRITE_ONCE(slot->returned_true, slot->returned_true + 1);
			r->routines_returned_true++;
		}
	}
}

static void isrb_ring_push(struct isrb_port *p, const struct isrb_record *r)
{
	const u64 head = p->head;

	if (head - smp_load_acquire(&p->tail) >= ISRB_RING_RECORDS) {
		WRITE_ONCE(p->counters.ring_overflow, p->counters.ring_overflow + 1);
	} else {
		p->ring[head & (ISRB_RING_RECORDS - 1)] = *r;
		smp_store_release(&p->head, head + 1);
		WRITE_ONCE(p->counters.records_written, p->counters.records_written + 1);
	}
	if (wq_has_sleeper(&p->readers))
		wake_up_interruptible(&p->readers);
}

static void isrb_count(u64 *counter)
{
	WRITE_ONCE(*counter, *counter + 1);
}

/*
 * The pardevice's irq_func: called by parport_irq_handler for the port's owner, only while we
 * hold the port (between open and release). The status read comes first: it is the
 * acknowledge QEMU's emulated port needs (without it every later register write raises the
 * interrupt again) and is harmless on real hardware.
 */
void isrb_interrupt(void *handle)
{
	struct isrb_port *p = handle;
	const struct isrb_client_list *list;
	struct isrb_record r = {};

	r.t_arrive_ns = ktime_get_ns();
	r.status_register = parport_read_status(p->port);
	r.stimulus = smp_load_acquire(&p->stimulus);
	if (r.stimulus)
		r.t_edge_ns = READ_ONCE(p->edge_ns[r.stimulus & (ISRB_EDGE_TIMES - 1)]);

	list = smp_load_acquire(&p->published);
	if (list->count == 0) {
		r.outcome = ISRB_OUTCOME_UNCLAIMED; /* row 16 */
		isrb_count(&p->counters.unclaimed);
	} else if (!READ_ONCE(p->active)) {
		r.outcome = ISRB_OUTCOME_SUPPRESSED; /* row 15 */
		isrb_count(&p->counters.suppressed);
	} else {
		r.outcome = ISRB_OUTCOME_SERVICED; /* row 14 */
		r.t_isr_ns = ktime_get_ns();
		isrb_call_clients(p, list, &r);
		isrb_count(&p->counters.serviced);
		if (r.routines_returned_true == 0)
			isrb_count(&p->counters.declined);
	}
	isrb_count(&p->counters.interrupts);
	r.sequence = p->counters.interrupts;
	isrb_ring_push(p, &r);
}

/*
 * One stimulus through the CheckIt plug: nInit (pin 16) low, then high, which the plug carries
 * to nAck (pin 10): a rising edge, an interrupt with IRQ enable set. The stimulus number and its
 * edge time are published before the rising write, because the interrupt may run inside it (on
 * QEMU's emulated port it does, synchronously). parport_write_control keeps IRQ enable as set.
 */
void isrb_pulse(struct isrb_port *p, struct isrb_pulse *pulse)
{
	const u8 control = parport_read_control(p->port);
	const u64 stimulus = p->stimulus + 1;
	s64 t_edge;

	parport_write_control(p->port, control & ~PARPORT_CONTROL_INIT);
	t_edge = ktime_get_ns();
	WRITE_ONCE(p->edge_ns[stimulus & (ISRB_EDGE_TIMES - 1)], t_edge);
	smp_store_release(&p->stimulus, stimulus);
	WRITE_ONCE(p->counters.stimuli, stimulus);
	parport_write_control(p->port, control | PARPORT_CONTROL_INIT);
	pulse->stimulus = stimulus;
	pulse->t_edge_ns = t_edge;
}

bool isrb_ring_empty(struct isrb_port *p)
{
	return smp_load_acquire(&p->head) == p->tail;
}

/* Only while the interrupt path cannot run (the port is not ours). */
void isrb_ring_reset(struct isrb_port *p)
{
	p->head = 0;
	p->tail = 0;
}
