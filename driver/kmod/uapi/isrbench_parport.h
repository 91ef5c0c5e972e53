/* SPDX-License-Identifier: (GPL-2.0 OR MIT) */
/*
 * isrbench_parport: the bundled port driver's interrupt-client contract
 * (../../../../shared/spec/isr-contract.md) as a Linux parport client. This is its user-space
 * interface, shared by the module and by isrbench (driver/kernel_client/).
 *
 * One character device per parallel port, /dev/isrbench-parportN (0660 root:lp with the udev
 * rule resources/udev/60-isrbench-parport.rules), open once at a time (a second open: EBUSY).
 * Opening claims the port and starts a fresh driver instance (no client, new interrupt
 * objects); closing disconnects every client synchronously and releases the port. What each
 * entry point refuses, and with which errno, is listed in isrb_main.c.
 *
 * The contract's requests travel as ioctls whose answer is the contract's own: an NTSTATUS in
 * `status` and the I/O status block's `information`. The ioctl itself returns 0 whenever it
 * carried a request to the driver, and a negative errno only when it could not (bad pointer,
 * unknown ioctl: see each ioctl below).
 *
 * Client ISRs run in the kernel's interrupt handler, so a client names one of the module's
 * built-in routines instead of passing a function pointer: PARALLEL_INTERRUPT_SERVICE_ROUTINE's
 * four pointer-sized fields carry (routine id, context, deferred routine id, deferred context).
 *
 * Every interrupt the port raises while the device is open becomes one struct isrb_record in a
 * ring that read() drains; a full ring counts the record in `ring_overflow` and its number
 * (`sequence`) is missing from the stream, so no loss is silent.
 */
#ifndef ISRBENCH_PARPORT_UAPI_H
#define ISRBENCH_PARPORT_UAPI_H

#include <linux/ioctl.h>
#include <linux/types.h>

#define ISRB_DEVICE_PREFIX "isrbench-parport"
#define ISRB_MAX_CLIENTS 64
#define ISRB_LOG_ENTRIES 64

/* Built-in client routines (InterruptServiceRoutine). 0 is a null routine. */
#define ISRB_ROUTINE_RESPONDER 1 /* toggles D0 (the plug carries it to nError); returns true */
#define ISRB_ROUTINE_COUNTER 2   /* counts the call; returns true */
#define ISRB_ROUTINE_DECLINER 3  /* counts the call; returns false */
#define ISRB_ROUTINE_LAST ISRB_ROUTINE_DECLINER
/* The built-in DeferredPortCheckRoutine: counts its call. 0 is none. */
#define ISRB_DEFERRED_PORT_CHECK 1

/* PARALLEL_INTERRUPT_INFORMATION's routine fields name kernel routines, never kernel addresses. */
#define ISRB_TRY_ALLOCATE_AT_INTERRUPT_LEVEL 1
#define ISRB_FREE_FROM_INTERRUPT_LEVEL 2

/* The contract's request codes and the connection version (contract/parallel.h). */
#define ISRB_IOCTL_CONNECT_INTERRUPT 0x00160034u
#define ISRB_IOCTL_DISCONNECT_INTERRUPT 0x00160038u
#define ISRB_IOCTL_PORT_FREE 0x001600A0u
#define ISRB_CONNECT_LINE_BASED 2u

/* Connection states. */
#define ISRB_STATE_NO_CLIENT 0
#define ISRB_STATE_CONNECTED_ACTIVE 1
#define ISRB_STATE_CONNECTED_INACTIVE 2

/* Interrupt outcomes (driver::InterruptClass). */
#define ISRB_OUTCOME_SERVICED 0
#define ISRB_OUTCOME_SUPPRESSED 1
#define ISRB_OUTCOME_UNCLAIMED 2

/* The system buffer of one request: four pointer-sized fields (64-bit only). */
struct isrb_system_buffer {
	__u64 field[4];
};

/*
 * ISRB_IOC_REQUEST: one internal device-control request (CONNECT, DISCONNECT, PORT_FREE or any
 * other code, which the contract answers INVALID_PARAMETER). The lengths are the caller's
 * declared buffer lengths, checked exactly as the contract says; only the first 32 bytes of a
 * longer buffer carry anything, so only those travel.
 */
struct isrb_request {
	__u32 io_control_code;
	__u32 input_length;
	__u32 output_length;
	__u32 status; /* out: NTSTATUS */
	__u64 information; /* out */
	struct isrb_system_buffer buffer; /* in and out (METHOD_BUFFERED) */
};

/* ISRB_IOC_REPORT_ACTIVE / _INACTIVE: IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS. */
struct isrb_report {
	__u32 version;
	__u32 status; /* out: NTSTATUS */
	__u64 interrupt_object;
};

/* ISRB_IOC_ALLOCATE: a request-level port allocation. */
struct isrb_allocate {
	__u32 status; /* out: SUCCESS, or DELETE_PENDING while removing */
	__u32 granted; /* out */
	__u32 queue_position; /* out: 1-based when queued */
	__u32 reserved;
};

/* ISRB_IOC_CONFIGURE: row 1's switch, and a removal the console can ask for (row 18). */
struct isrb_configure {
	__u32 connect_enabled; /* 0 or 1 */
	__u32 removing; /* 0 or 1: 1 answers every request DELETE_PENDING, as a removal does */
};

/* ISRB_IOC_PULSE: one stimulus: nInit low, then high (the CheckIt plug's nAck rising edge). */
struct isrb_pulse {
	__u64 stimulus; /* out: its number, 1-based, per open */
	__s64 t_edge_ns; /* out: CLOCK_MONOTONIC right before the rising write */
};

struct isrb_client_info {
	__u64 routine;
	__u64 context;
	__u64 calls;
	__u64 returned_true;
	__u32 has_deferred;
	__u32 reserved;
};

/* What one (routine, context) pair saw, across all its connections (routines::BuiltinClient). */
struct isrb_observation {
	__u64 routine;
	__u64 context;
	__u64 calls;
	__u64 deferred_calls;
	__u64 violations; /* calls after its own DISCONNECT or REPORT INACTIVE returned */
	__s32 connections;
	__u32 reserved;
};

struct isrb_counters {
	__u64 interrupts; /* every call of the port's interrupt function */
	__u64 serviced;
	__u64 suppressed;
	__u64 unclaimed;
	__u64 violations; /* calls not made because they would break the contract */
	__u64 declined; /* serviced, but no routine returned true */
	__u64 requests;
	__u64 rejected_reports;
	__u64 deferred_routine_calls;
	__u64 records_written;
	__u64 ring_overflow;
	__u64 stimuli;
};

/* ISRB_IOC_STATE: everything `isrbench console`'s state op shows. */
struct isrb_state {
	__u32 state; /* ISRB_STATE_* */
	__u32 client_count;
	__u32 observation_count;
	__u32 connect_enabled;
	__u32 removing;
	__u32 port_allocated;
	__u32 allocations_waiting;
	__s32 irq; /* the port's IRQ, -1 for none */
	__u64 interrupt_object; /* the current one, 0 with no client */
	struct isrb_counters counters;
	struct isrb_client_info clients[ISRB_MAX_CLIENTS];
	struct isrb_observation observations[ISRB_MAX_CLIENTS];
};

/* ISRB_IOC_LOG: the newest request-log entries, oldest first. */
#define ISRB_LOG_REQUEST 0 /* io_control_code holds the request code */
#define ISRB_LOG_REPORT_ACTIVE 1
#define ISRB_LOG_REPORT_INACTIVE 2
struct isrb_log_entry {
	__u64 number;
	__s64 time_ns;
	__u32 kind;
	__u32 io_control_code;
	__u32 status;
	__u32 reserved;
	__u64 information;
};
struct isrb_log {
	__u32 count; /* out */
	__u32 reserved;
	struct isrb_log_entry entries[ISRB_LOG_ENTRIES];
};

/* read(): whole records only: a buffer shorter than one record is EINVAL, a longer one gets as
 * many whole records as fit, and what is not read stays for the next read. */
struct isrb_record {
	__u64 sequence; /* the module's interrupt number since open, 1-based, gap-free */
	__u64 stimulus; /* the newest ISRB_IOC_PULSE when the interrupt came, 0: none */
	__s64 t_edge_ns; /* that pulse's edge time, 0 with none */
	__s64 t_arrive_ns; /* the interrupt function's entry (CLOCK_MONOTONIC) */
	__s64 t_isr_ns; /* right before the first client routine, 0 when none ran */
	__u8 outcome; /* ISRB_OUTCOME_* */
	__u8 routines_called;
	__u8 routines_returned_true;
	__u8 violations;
	__u8 status_register; /* the status read that acknowledges the interrupt */
	__u8 reserved[3];
};

#define ISRB_IOC_MAGIC 0xB7
#define ISRB_IOC_REQUEST _IOWR(ISRB_IOC_MAGIC, 1, struct isrb_request)
#define ISRB_IOC_REPORT_ACTIVE _IOWR(ISRB_IOC_MAGIC, 2, struct isrb_report)
#define ISRB_IOC_REPORT_INACTIVE _IOWR(ISRB_IOC_MAGIC, 3, struct isrb_report)
#define ISRB_IOC_ALLOCATE _IOR(ISRB_IOC_MAGIC, 4, struct isrb_allocate)
#define ISRB_IOC_CONFIGURE _IOW(ISRB_IOC_MAGIC, 5, struct isrb_configure)
#define ISRB_IOC_PULSE _IOR(ISRB_IOC_MAGIC, 6, struct isrb_pulse)
#define ISRB_IOC_STATE _IOR(ISRB_IOC_MAGIC, 7, struct isrb_state)
#define ISRB_IOC_LOG _IOR(ISRB_IOC_MAGIC, 8, struct isrb_log)

#endif
