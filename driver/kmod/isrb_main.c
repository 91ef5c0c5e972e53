// SPDX-License-Identifier: (GPL-2.0 OR MIT)
/*
 * isrbench_parport: the bundled port driver's interrupt-client contract as a Linux parport
 * client. This part is the module's face: the parport driver (one device per port), the
 * character device /dev/isrbench-parportN, and every entry point's validation.
 *
 * Entry points and what they refuse (everything else is the contract's answer, see
 * isrb_contract.c):
 *  - open:  -ENODEV once the port went away; -EBUSY while another process has it open or
 *           another parport client (lp, ppdev) holds the port.
 *  - ioctl: -ENOTTY for a code not listed in uapi/isrbench_parport.h (the size is part of the
 *           code, so a wrong size is an unknown code); -EFAULT for a pointer user space cannot
 *           give or take (copy_from_user / copy_to_user only); -EINVAL for a configure value
 *           other than 0 or 1; -ENODEV for a pulse once the port went away; -EINTR if a signal
 *           comes while waiting for the request path.
 *  - read:  -EINVAL for a buffer shorter than one record (nothing is consumed); whole records
 *           only, as many as fit; a record that cannot be copied out stays for the next read
 *           (-EFAULT if it was the first); -EAGAIN with O_NONBLOCK and nothing to read;
 *           0 (end of file) once the port went away and the ring is empty.
 *  - close: disconnects every client synchronously (no ISR call after it returns), then
 *           releases the port.
 * The module cannot be unloaded while a device is open (the file holds a module reference);
 * a port that goes away (parport_pc removed) while open is released at once, and the open
 * file answers DELETE_PENDING (row 18) until closed.
 */
#include <linux/fs.h>
#include <linux/list.h>
#include <linux/module.h>
#include <linux/poll.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vmalloc.h>

#include "isrb_port.h"

static LIST_HEAD(isrb_ports);
static DEFINE_MUTEX(isrb_ports_lock); /* the list; attach and detach */

static void isrb_free(struct kref *ref)
{
	struct isrb_port *p = container_of(ref, struct isrb_port, ref);

	vfree(p->ring);
	kfree(p);
}

static int isrb_open(struct inode *inode, struct file *file)
{
	/* misc_open points private_data at our miscdevice; misc_deregister waits for it. */
	struct isrb_port *p = container_of(file->private_data, struct isrb_port, misc);
	int err = 0;

	mutex_lock(&p->lock);
	if (p->gone) {
		err = -ENODEV;
	} else if (p->open) {
		err = -EBUSY;
	} else {
		isrb_reset_instance(p);
		isrb_ring_reset(p);
		if (parport_claim(p->pardev)) {
			err = -EBUSY;
		} else {
			parport_write_data(p->port, 0);
			parport_enable_irq(p->port);
			parport_read_status(p->port); /* acknowledge what claiming raised */
			p->open = true;
			kref_get(&p->ref);
			file->private_data = p;
		}
	}
	mutex_unlock(&p->lock);
	return err;
}

/* The port stops calling us, and no call is in flight when this returns. */
static void isrb_let_go(struct isrb_port *p)
{
	isrb_disconnect_all(p);
	parport_release(p->pardev);
	isrb_synchronize(p);
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
	while (isrb_ring_empty(p)) {
		if (READ_ONCE(p->gone)) {
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

	poll_wait(file, &p->readers, wait);
	if (!isrb_ring_empty(p))
		mask |= EPOLLIN | EPOLLRDNORM;
	if (READ_ONCE(p->gone))
		mask |= EPOLLHUP;
	return mask;
}

typedef long (*isrb_handler)(struct isrb_port *p, void *argument);

/* One ioctl on the request path: the argument copied in (when the ioctl has an input), the
 * handler run under the request lock, the argument copied out. */
static long isrb_with_argument(struct isrb_port *p, void __user *uarg, size_t size, bool copy_in,
			       isrb_handler handler)
{
	void *argument = kzalloc(size, GFP_KERNEL);
	long err = 0;

	if (!argument)
		return -ENOMEM;
	if (copy_in && copy_from_user(argument, uarg, size))
		err = -EFAULT;
	if (!err && mutex_lock_interruptible(&p->lock))
		err = -EINTR;
	if (!err) {
		err = handler(p, argument);
		mutex_unlock(&p->lock);
	}
	if (!err && copy_to_user(uarg, argument, size))
		err = -EFAULT;
	kfree(argument);
	return err;
}

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

static long isrb_ioctl(struct file *file, unsigned int cmd, unsigned long raw)
{
	struct isrb_port *p = file->private_data;
	void __user *uarg = (void __user *)raw;

	switch (cmd) {
	case ISRB_IOC_REQUEST:
		return isrb_with_argument(p, uarg, sizeof(struct isrb_request), true,
					  isrb_on_request);
	case ISRB_IOC_REPORT_ACTIVE:
		return isrb_with_argument(p, uarg, sizeof(struct isrb_report), true,
					  isrb_on_report_active);
	case ISRB_IOC_REPORT_INACTIVE:
		return isrb_with_argument(p, uarg, sizeof(struct isrb_report), true,
					  isrb_on_report_inactive);
	case ISRB_IOC_ALLOCATE:
		return isrb_with_argument(p, uarg, sizeof(struct isrb_allocate), false,
					  isrb_on_allocate);
	case ISRB_IOC_CONFIGURE:
		return isrb_with_argument(p, uarg, sizeof(struct isrb_configure), true,
					  isrb_on_configure);
	case ISRB_IOC_PULSE:
		return isrb_with_argument(p, uarg, sizeof(struct isrb_pulse), false,
					  isrb_on_pulse);
	case ISRB_IOC_STATE:
		return isrb_with_argument(p, uarg, sizeof(struct isrb_state), false,
					  isrb_on_state);
	case ISRB_IOC_LOG:
		return isrb_with_argument(p, uarg, sizeof(struct isrb_log), false, isrb_on_log);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations isrb_fops = {
	.owner = THIS_MODULE,
	.open = isrb_open,
	.release = isrb_release,
	.read = isrb_read,
	.poll = isrb_poll,
	.unlocked_ioctl = isrb_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

static void isrb_attach(struct parport *port)
{
	struct pardev_cb callbacks = { .irq_func = isrb_interrupt };
	struct isrb_port *p = kzalloc(sizeof(*p), GFP_KERNEL);

	if (!p)
		return;
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
	callbacks.private = p;
	/* The bus binds a pardevice to the driver of the same name. */
	p->pardev = parport_register_dev_model(port, "isrbench_parport", &callbacks, port->number);
	if (!p->pardev)
		goto fail;
	snprintf(p->name, sizeof(p->name), ISRB_DEVICE_PREFIX "%d", port->number);
	p->misc.minor = MISC_DYNAMIC_MINOR;
	p->misc.name = p->name;
	p->misc.fops = &isrb_fops;
	p->misc.mode = 0660; /* group lp by the udev rule shipped beside the module */
	if (misc_register(&p->misc)) {
		parport_unregister_device(p->pardev);
		goto fail;
	}
	list_add(&p->list, &isrb_ports);
	pr_info("%s: on %s (irq %d)\n", p->name, port->name, port->irq);
	return;
fail:
	pr_warn("isrbench_parport: cannot attach to %s\n", port->name);
	vfree(p->ring);
	kfree(p);
}

static void isrb_remove(struct isrb_port *p)
{
	mutex_lock(&p->lock);
	WRITE_ONCE(p->gone, true);
	if (p->open)
		isrb_let_go(p);
	parport_unregister_device(p->pardev);
	p->pardev = NULL;
	p->port = NULL;
	mutex_unlock(&p->lock);
	wake_up_interruptible(&p->readers);
	misc_deregister(&p->misc); /* waits for opens in progress; they see `gone` */
	kref_put(&p->ref, isrb_free);
}

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
