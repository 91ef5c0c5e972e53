// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * isrbench_parport: the bundled port driver's interrupt-client contract as a Linux parport
 * client. This part is the module's face: the parport driver (one device per port), the
 * character device /dev/isrbench-parportN, and every entry point's validation.
 *
 * Entry points and what they refuse (everything else is the contract's answer, see
 * isrb_contract.c). A caller is anyone the device node lets in (root:lp 0660, udev rule
 * resources/udev/60-isrbench-parport.rules), so nothing here trusts a value it is given:
 *  - open:    -ENODEV once the port went away; -EBUSY while another open file has the device
 *             or another parport client (lp, ppdev) holds the port. Opening registers our
 *             pardevice and claims the port; the file is a stream (pread: -ESPIPE).
 *  - ioctl:   see "The ioctls" below.
 *  - read:    whole records only. -EINVAL for a buffer shorter than one record (0 bytes
 *             included), and nothing is consumed; a longer buffer that is not a multiple of the
 *             record size gets as many whole records as fit, the rest stays for the next read.
 *             A record that cannot be copied out (bad or read-only buffer) stays in the ring:
 *             -EFAULT if it was the first, else the count of those before it. -EAGAIN with
 *             O_NONBLOCK and nothing to read; -ERESTARTSYS (EINTR) when a signal ends the wait;
 *             0 (end of file) once the port went away and the ring is drained.
 *  - poll:    EPOLLIN with a record to read; EPOLLHUP once the port went away.
 *  - write, mmap: not provided (-EINVAL, -ENODEV from the VFS).
 *  - close:   disconnects every client synchronously (no ISR call after it returns), turns the
 *             port's interrupt off, releases the port and unregisters our pardevice.
 *
 * Life time:
 *  - the module cannot be unloaded while a device is open: the open file holds a module
 *    reference (fops.owner), so rmmod is refused (EWOULDBLOCK) whatever the file is doing;
 *  - while a device is open, our pardevice holds a reference on the port's driver (parport_pc),
 *    so rmmod parport_pc is refused too; with no device open, parport_pc may go and take the
 *    device node with it;
 *  - a port that goes away while open (a hot-unplug: parport_pc's PnP device unbound, a USB or
 *    PCMCIA adapter removed) is let go at once in detach: clients disconnected, port released,
 *    pardevice unregistered, the node removed. The open file keeps the per-port state alive
 *    (kref) and answers every request DELETE_PENDING (row 18), pulses -ENODEV, reads EOF once
 *    drained, poll EPOLLHUP, until it is closed.
 *
 * The ioctls (exact codes: the size and direction are part of the code, so a wrong size, a wrong
 * direction or an unknown number is an unknown code, -ENOTTY). Common to all:
 *  - the argument travels by copy_from_user / copy_to_user only, never a direct dereference;
 *    a pointer user space cannot give (NULL, kernel, unmapped) is -EFAULT;
 *  - an ioctl with an answer writes its argument back before the request runs, so an answer
 *    that cannot be delivered (read-only or partly unmapped buffer) is -EFAULT and the request
 *    has had no effect. Only a caller changing its own mapping during the call can get an
 *    -EFAULT after the effect;
 *  - -ERESTARTSYS (EINTR) when a signal comes while waiting for the request path; -ENOMEM when
 *    the argument cannot be allocated. Otherwise 0: the request reached the driver and its
 *    answer is in the argument.
 * And each:
 *  - ISRB_IOC_REQUEST:   any io_control_code and any lengths; the contract answers (row 19:
 *                        unknown code INVALID_PARAMETER; rows 2 and 6: lengths; isrb_contract.c
 *                        validates routine ids; contexts are keys, never dereferenced).
 *  - ISRB_IOC_REPORT_ACTIVE, _INACTIVE: any version and object; a wrong one is answered
 *                        INVALID_PARAMETER and counted (row 13 [ours]).
 *  - ISRB_IOC_ALLOCATE:  no input.
 *  - ISRB_IOC_CONFIGURE: each field 0 or 1, else -EINVAL and nothing changes.
 *  - ISRB_IOC_PULSE:     -ENODEV once the port went away (it touches the port).
 *  - ISRB_IOC_STATE, ISRB_IOC_LOG: no input; fixed-size answers, every field written.
 */
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "isrb_port.h"

/* The ABI has no implicit padding, so 32-bit callers (compat_ptr_ioctl) and 64-bit ones share
 * one layout; a field added without its padding breaks the build here. */
static_assert(sizeof(struct isrb_request) == 56);
static_assert(sizeof(struct isrb_report) == 16);
static_assert(sizeof(struct isrb_allocate) == 16);
static_assert(sizeof(struct isrb_configure) == 8);
static_assert(sizeof(struct isrb_pulse) == 16);
static_assert(sizeof(struct isrb_state) == 40 + 96 + ISRB_MAX_CLIENTS * (40 + 48));
static_assert(sizeof(struct isrb_log) == 8 + ISRB_LOG_ENTRIES * 40);
static_assert(sizeof(struct isrb_record) == 48);

static LIST_HEAD(isrb_ports);
static DEFINE_MUTEX(isrb_ports_lock); /* the list; attach and detach */

static void isrb_free(struct kref *ref)
{
	struct isrb_port *p = container_of(ref, struct isrb_port, ref);

	vfree(p->ring);
	kfree(p);
}

/*
 * Our pardevice exists only while the device is open (as ppdev's): a registered pardevice pins
 * the port's driver module, and an idle bench must not keep parport_pc from being unloaded.
 */
static int isrb_take_port(struct isrb_port *p)
{
	struct pardev_cb callbacks = { .irq_func = isrb_interrupt, .private = p };

	/* The bus binds a pardevice to the driver of the same name. */
	p->pardev = parport_register_dev_model(p->port, "isrbench_parport", &callbacks,
					       p->port->number);
	if (!p->pardev)
		return -EBUSY; /* an exclusive client (PARPORT_DEV_EXCL) has the port */
	isrb_reset_instance(p);
	isrb_ring_reset(p);
	if (parport_claim(p->pardev)) {
		parport_unregister_device(p->pardev);
		p->pardev = NULL;
		return -EBUSY;
	}
	parport_write_data(p->port, 0);
	parport_enable_irq(p->port);
	parport_read_status(p->port); /* acknowledge what claiming raised */
	return 0;
}

static int isrb_open(struct inode *inode, struct file *file)
{
	/* misc_open points private_data at our miscdevice and calls us under misc_mtx, which
	 * misc_deregister takes too: an open is either over before detach removes the node or
	 * sees `gone`. */
	struct isrb_port *p = container_of(file->private_data, struct isrb_port, misc);
	int err;

	err = stream_open(inode, file);
	if (err)
		return err;
	mutex_lock(&p->lock);
	if (p->gone) {
		err = -ENODEV;
	} else if (p->open) {
		err = -EBUSY;
	} else {
		err = isrb_take_port(p);
		if (!err) {
			p->open = true;
			kref_get(&p->ref);
			file->private_data = p;
		}
	}
	mutex_unlock(&p->lock);
	return err;
}

/* The port stops calling us, and no call is in flight when this returns; the port is left with
 * its interrupt off, as found. */
static void isrb_let_go(struct isrb_port *p)
{
	isrb_disconnect_all(p);
	parport_disable_irq(p->port);
	parport_read_status(p->port); /* acknowledge: QEMU's port raised one for that write */
	parport_release(p->pardev);
	isrb_synchronize(p);
	parport_unregister_device(p->pardev);
	p->pardev = NULL;
}

static int isrb_release(struct inode *inode, struct file *file)
{
	struct isrb_port *p = file->private_data;

	mutex_lock(&p->lock);
	if (!p->gone)
		isrb_let_go(p);
	p->open = false;
	mutex_unlock(&p->lock);
	kref_put(&p->ref, isrb_free);
	return 0;
}

static ssize_t isrb_copy_records(struct isrb_port *p, char __user *buffer, size_t wanted)
{
	const u64 head = smp_load_acquire(&p->head);
	size_t copied = 0;

	while (copied < wanted && p->tail != head) {
		const struct isrb_record *r = &p->ring[p->tail & (ISRB_RING_RECORDS - 1)];

		/* The tail moves only past a record that reached the caller whole. */
		if (copy_to_user(buffer + copied * sizeof(*r), r, sizeof(*r)))
			return copied ? (ssize_t)(copied * sizeof(*r)) : -EFAULT;
		smp_store_release(&p->tail, p->tail + 1);
		copied++;
	}
	return copied * sizeof(struct isrb_record);
}

static ssize_t isrb_read(struct file *file, char __user *buffer, size_t count, loff_t *offset)
{
	struct isrb_port *p = file->private_data;
	ssize_t result;

	if (count < sizeof(struct isrb_record))
		return -EINVAL;
	if (mutex_lock_interruptible(&p->read_lock))
		return -ERESTARTSYS;
	for (;;) {
		/* `gone` first: it is published after the port's last interrupt (isrb_remove), so
		 * an empty ring seen after it is drained for good, and end of file loses nothing. */
		const bool gone = smp_load_acquire(&p->gone);

		if (!isrb_ring_empty(p))
			break;
		if (gone) {
			mutex_unlock(&p->read_lock);
			return 0;
		}
		if (file->f_flags & O_NONBLOCK) {
			mutex_unlock(&p->read_lock);
			return -EAGAIN;
		}
		if (wait_event_interruptible(p->readers, !isrb_ring_empty(p) || READ_ONCE(p->gone))) {
			mutex_unlock(&p->read_lock);
			return -ERESTARTSYS;
		}
	}
	result = isrb_copy_records(p, buffer, count / sizeof(struct isrb_record));
	mutex_unlock(&p->read_lock);
	return result;
}

static __poll_t isrb_poll(struct file *file, poll_table *wait)
{
	struct isrb_port *p = file->private_data;
	__poll_t mask = 0;
	bool gone;

	poll_wait(file, &p->readers, wait);
	gone = smp_load_acquire(&p->gone); /* first, as in isrb_read */
	if (!isrb_ring_empty(p))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (gone)
		mask |= EPOLLHUP;
	return mask;
}

typedef long (*isrb_handler)(struct isrb_port *p, void *argument);

static long isrb_on_request(struct isrb_port *p, void *argument)
{
	isrb_handle_request(p, argument);
	return 0;
}

static long isrb_on_report_active(struct isrb_port *p, void *argument)
{
	struct isrb_report *report = argument;

	report->status = isrb_report(p, report, true);
	return 0;
}

static long isrb_on_report_inactive(struct isrb_port *p, void *argument)
{
	struct isrb_report *report = argument;

	report->status = isrb_report(p, report, false);
	return 0;
}

static long isrb_on_allocate(struct isrb_port *p, void *argument)
{
	isrb_allocate(p, argument);
	return 0;
}

static long isrb_on_pulse(struct isrb_port *p, void *argument)
{
	if (p->gone)
		return -ENODEV;
	isrb_pulse(p, argument);
	return 0;
}

static long isrb_on_state(struct isrb_port *p, void *argument)
{
	isrb_fill_state(p, argument);
	return 0;
}

static long isrb_on_log(struct isrb_port *p, void *argument)
{
	isrb_fill_log(p, argument);
	return 0;
}

static long isrb_on_configure(struct isrb_port *p, void *argument)
{
	const struct isrb_configure *c = argument;

	if (c->connect_enabled > 1 || c->removing > 1)
		return -EINVAL;
	p->connect_enabled = c->connect_enabled;
	p->removing = c->removing;
	return 0;
}

/* Every ioctl the device knows; anything else is -ENOTTY. */
static const struct {
	unsigned int cmd;
	isrb_handler handler;
} isrb_ioctls[] = {
	{ ISRB_IOC_REQUEST, isrb_on_request },
	{ ISRB_IOC_REPORT_ACTIVE, isrb_on_report_active },
	{ ISRB_IOC_REPORT_INACTIVE, isrb_on_report_inactive },
	{ ISRB_IOC_ALLOCATE, isrb_on_allocate },
	{ ISRB_IOC_CONFIGURE, isrb_on_configure },
	{ ISRB_IOC_PULSE, isrb_on_pulse },
	{ ISRB_IOC_STATE, isrb_on_state },
	{ ISRB_IOC_LOG, isrb_on_log },
};

/*
 * One known ioctl on the request path: the argument (its size and direction are the code's)
 * copied in, written back to prove the answer can be delivered, the handler run under the
 * request lock, the answer copied out.
 */
static long isrb_with_argument(struct isrb_port *p, unsigned int cmd, void __user *uarg,
			       isrb_handler handler)
{
	const size_t size = _IOC_SIZE(cmd);
	void *argument = kzalloc(size, GFP_KERNEL);
	long err = 0;

	if (!argument)
		return -ENOMEM;
	if ((_IOC_DIR(cmd) & _IOC_WRITE) && copy_from_user(argument, uarg, size))
		err = -EFAULT;
	if (!err && (_IOC_DIR(cmd) & _IOC_READ) && copy_to_user(uarg, argument, size))
		err = -EFAULT; /* before any effect: see "The ioctls" above */
	if (!err && mutex_lock_interruptible(&p->lock))
		err = -ERESTARTSYS;
	if (!err) {
		err = handler(p, argument);
		mutex_unlock(&p->lock);
	}
	if (!err && (_IOC_DIR(cmd) & _IOC_READ) && copy_to_user(uarg, argument, size))
		err = -EFAULT;
	kfree(argument);
	return err;
}

static long isrb_ioctl(struct file *file, unsigned int cmd, unsigned long raw)
{
	struct isrb_port *p = file->private_data;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(isrb_ioctls); i++) {
		if (isrb_ioctls[i].cmd == cmd)
			return isrb_with_argument(p, cmd, (void __user *)raw,
						  isrb_ioctls[i].handler);
	}
	return -ENOTTY;
}

static const struct file_operations isrb_fops = {
	.owner = THIS_MODULE, /* an open file pins the module: rmmod is refused */
	.open = isrb_open,
	.release = isrb_release,
	.read = isrb_read,
	.poll = isrb_poll,
	.unlocked_ioctl = isrb_ioctl,
	.compat_ioctl = compat_ptr_ioctl, /* every structure has the same layout on i386 */
	.llseek = no_llseek,
};

static void isrb_attach(struct parport *port)
{
	struct isrb_port *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		goto fail;
	p->ring = vzalloc(array_size(ISRB_RING_RECORDS, sizeof(struct isrb_record)));
	if (!p->ring)
		goto fail;
	kref_init(&p->ref);
	mutex_init(&p->lock);
	mutex_init(&p->read_lock);
	init_waitqueue_head(&p->readers);
	p->port = port;
	p->irq = port->irq;
	p->published = &p->lists[0];
	snprintf(p->name, sizeof(p->name), ISRB_DEVICE_PREFIX "%d", port->number);
	p->misc.minor = MISC_DYNAMIC_MINOR;
	p->misc.name = p->name;
	p->misc.fops = &isrb_fops;
	p->misc.mode = 0660; /* group lp by the udev rule shipped beside the module */
	if (misc_register(&p->misc))
		goto fail;
	list_add(&p->list, &isrb_ports);
	pr_info("%s: on %s (irq %d)\n", p->name, port->name, port->irq);
	return;
fail:
	pr_warn("isrbench_parport: cannot attach to %s\n", port->name);
	if (p)
		vfree(p->ring);
	kfree(p);
}

static void isrb_remove(struct isrb_port *p)
{
	mutex_lock(&p->lock);
	if (p->open)
		isrb_let_go(p);
	/* Only now, with no interrupt function running or to come: a reader that sees `gone` sees
	 * every record (letting go of the port can raise one more: QEMU's port interrupts on the
	 * write that turns its interrupt off). The request path sees it under the lock. */
	smp_store_release(&p->gone, true);
	p->port = NULL;
	mutex_unlock(&p->lock);
	wake_up_interruptible(&p->readers); /* blocked readers see `gone`: end of file */
	misc_deregister(&p->misc); /* waits for opens in progress; they see `gone` */
	kref_put(&p->ref, isrb_free); /* an open file keeps the rest until it is closed */
}

/* The port is going away (parport_remove_port: its driver unloaded or its device removed). It
 * stays valid until this returns. */
static void isrb_detach(struct parport *port)
{
	struct isrb_port *p, *next;

	mutex_lock(&isrb_ports_lock);
	list_for_each_entry_safe(p, next, &isrb_ports, list) {
		if (p->port == port) {
			list_del(&p->list);
			pr_info("%s: %s went away\n", p->name, port->name);
			isrb_remove(p);
		}
	}
	mutex_unlock(&isrb_ports_lock);
}

static void isrb_match_port(struct parport *port)
{
	mutex_lock(&isrb_ports_lock);
	isrb_attach(port);
	mutex_unlock(&isrb_ports_lock);
}

static struct parport_driver isrb_driver = {
	.name = "isrbench_parport",
	.match_port = isrb_match_port,
	.detach = isrb_detach,
	.devmodel = true,
};

module_parport_driver(isrb_driver);

MODULE_DESCRIPTION("ISR Bench: the parallel-port interrupt-client contract as a parport client");
MODULE_AUTHOR("The ISR Bench authors");
MODULE_LICENSE("Dual MIT/GPL");
