/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * The module's per-port state, shared by its three parts:
 *   isrb_main.c      the parport client and the character device (life time, validation);
 *   isrb_contract.c  the contract's requests (the state table), on the request path;
 *   isrb_interrupt.c the interrupt function, the built-in routines, the record ring, pulses.
 *
 * Two paths touch this state, as in the user-space driver (driver/core):
 *  - the request path: ioctls, open, close, detach, serialised by `lock`;
 *  - the interrupt path: the parport's interrupt function, one at a time (the IRQ core never
 *    runs one line's handler twice at once), in hard-IRQ context or, on PREEMPT_RT, in the
 *    line's interrupt thread. It takes no lock, allocates nothing and never sleeps.
 * The request path publishes an immutable client list (double-buffered) and the active flag,
 * then waits for the interrupt path with synchronize_irq(): when DISCONNECT or REPORT INACTIVE
 * returns, no call that saw the old state is in flight.
 */
#ifndef ISRB_PORT_H
#define ISRB_PORT_H

#include <linux/kref.h>
#include <linux/miscdevice.h>
#include <linux/mutex.h>
#include <linux/parport.h>
#include <linux/types.h>
#include <linux/wait.h>

#include "uapi/isrbench_parport.h"

#define ISRB_RING_RECORDS 4096 /* a power of two */
#define ISRB_EDGE_TIMES 256 /* a power of two */

/* One connection (a CONNECT that succeeded). `calls` and `returned_true` have one writer: the
 * interrupt path. */
struct isrb_slot {
	u64 routine;
	u64 context;
	u64 deferred_routine;
	u64 deferred_context;
	struct isrb_observation *observation;
	u32 generation; /* advanced when the slot is freed: a stale reference never matches */
	bool used;
	u64 calls;
	u64 returned_true;
};

struct isrb_slot_ref {
	u32 slot;
	u32 generation;
};

/* What the interrupt path reads: published whole, never changed while published. */
struct isrb_client_list {
	u32 count;
	struct isrb_slot_ref refs[ISRB_MAX_CLIENTS];
};

struct isrb_port {
	struct kref ref; /* the attached port and each open file */
	struct list_head list; /* isrb_ports */
	struct parport *port; /* NULL once gone */
	int irq; /* the port's, PARPORT_IRQ_NONE for none */
	struct pardevice *pardev; /* ours while the device is open, NULL otherwise */
	struct miscdevice misc;
	char name[32];
	bool registered; /* misc device registered */

	struct mutex lock; /* the request path */
	bool open;
	bool gone; /* the port went away: set by detach once it can call us no more */

	/* The driver instance of the current open (reset by each open). */
	u64 instance;
	u64 connections_made;
	u64 object; /* the current interrupt object token, 0 with no client */
	bool active;
	bool inactive_confirmed; /* REPORT INACTIVE has returned */
	bool inactive_reported; /* the requester's view, as routines::RequesterView */
	bool connect_enabled;
	bool removing;
	int allocation_count; /* -1 free, 0 allocated, n > 0 allocated with n waiting */
	struct isrb_slot slots[ISRB_MAX_CLIENTS];
	u32 client_count;
	struct isrb_client_list lists[2];
	struct isrb_client_list *published;
	struct isrb_observation observations[ISRB_MAX_CLIENTS];
	u32 observation_count;
	struct isrb_counters counters; /* interrupt fields: interrupt path; the rest: requests */
	struct isrb_log_entry log[ISRB_LOG_ENTRIES];
	u64 log_count;

	/* Stimuli (ISRB_IOC_PULSE, on the request path); read by the interrupt path. */
	u64 stimulus;
	s64 edge_ns[ISRB_EDGE_TIMES];
	u8 data; /* the data register as last written (the responder toggles D0) */

	/* The record ring: the interrupt path produces, read() consumes (under read_lock). */
	struct isrb_record *ring;
	u64 head;
	u64 tail;
	struct mutex read_lock;
	wait_queue_head_t readers;
};

/* isrb_contract.c, request path (port->lock held). */
void isrb_reset_instance(struct isrb_port *p);
void isrb_handle_request(struct isrb_port *p, struct isrb_request *request);
u32 isrb_report(struct isrb_port *p, const struct isrb_report *report, bool active);
void isrb_allocate(struct isrb_port *p, struct isrb_allocate *result);
void isrb_fill_state(struct isrb_port *p, struct isrb_state *state);
void isrb_fill_log(struct isrb_port *p, struct isrb_log *log);
void isrb_disconnect_all(struct isrb_port *p);
void isrb_synchronize(struct isrb_port *p);

/* isrb_interrupt.c */
void isrb_interrupt(void *handle);
void isrb_pulse(struct isrb_port *p, struct isrb_pulse *pulse);
bool isrb_ring_empty(struct isrb_port *p);
void isrb_ring_reset(struct isrb_port *p);

#endif
