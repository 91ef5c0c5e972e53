#include "console_session.h"

#include <QJsonArray>
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "contract/request.h"
#include "kernel_console_port.h"
#include "request_fields.h"
#include "virtual_console_port.h"

namespace cli {

using contract::InternalDeviceControlRequest;
using contract::NtStatus;

namespace {

constexpr std::int64_t kIsrStructSize = sizeof(contract::PARALLEL_INTERRUPT_SERVICE_ROUTINE);
constexpr std::int64_t kInfoStructSize = sizeof(contract::PARALLEL_INTERRUPT_INFORMATION);
constexpr std::int64_t kMaxBufferLength = 65536;
constexpr std::int64_t kMaxStimuli = 10'000'000;

QString hex32(std::uint32_t value) {
    char text[16];
    std::snprintf(text, sizeof text, "0x%08X", value);
    return QString::fromLatin1(text);
}

QString pointerText(const void* pointer) {
    char text[32];
    std::snprintf(text, sizeof text, "0x%llx",
                  static_cast<unsigned long long>(reinterpret_cast<std::uintptr_t>(pointer)));
    return QString::fromLatin1(text);
}

QJsonObject statusResponse(NtStatus status, std::uintptr_t information = 0) {
    QJsonObject response;
    response["status"] = QString::fromLatin1(contract::statusName(status).data());
    response["code"] = hex32(contract::statusValue(status));
    response["information"] = static_cast<double>(information);
    return response;
}

QJsonObject completed(const InternalDeviceControlRequest& request) {
    return statusResponse(request.ioStatus().Status, request.ioStatus().Information);
}

template <typename Names>
std::string joinNames(const Names& names) {
    std::string joined;
    for (const auto& name : names) {
        joined += (joined.empty() ? "" : ", ") + std::string(name);
    }
    return joined;
}

std::int64_t percentile(const std::vector<std::int64_t>& sorted, double p) {
    if (sorted.empty()) {
        return 0;
    }
    const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * sorted.size()));
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

QJsonObject latencySummary(std::vector<std::int64_t> samples) {
    std::sort(samples.begin(), samples.end());
    QJsonObject summary;
    summary["samples"] = static_cast<double>(samples.size());
    if (!samples.empty()) {
        summary["min"] = static_cast<double>(samples.front());
        summary["p50"] = static_cast<double>(percentile(samples, 50));
        summary["p99"] = static_cast<double>(percentile(samples, 99));
        summary["max"] = static_cast<double>(samples.back());
    }
    return summary;
}

}  // namespace

struct ConsoleSession::Operation {
    const char* name;
    QJsonObject (ConsoleSession::*handler)(const QJsonObject&);
};

const std::vector<ConsoleSession::Operation>& ConsoleSession::operationTable() {
    static const std::vector<Operation> table{
        {"connect", &ConsoleSession::connect},
        {"disconnect", &ConsoleSession::disconnect},
        {"report_inactive", &ConsoleSession::reportInactive},
        {"report_active", &ConsoleSession::reportActive},
        {"stimulate", &ConsoleSession::stimulate},
        {"free_port", &ConsoleSession::freePort},
        {"allocate", &ConsoleSession::allocate},
        {"configure", &ConsoleSession::configure},
        {"remove", &ConsoleSession::remove},
        {"reattach", &ConsoleSession::reattach},
        {"ioctl", &ConsoleSession::rawIoctl},
        {"state", &ConsoleSession::state},
        {"log", &ConsoleSession::log},
    };
    return table;
}

std::vector<std::string> ConsoleSession::operations() {
    std::vector<std::string> names;
    for (const auto& operation : operationTable()) {
        names.emplace_back(operation.name);
    }
    return names;
}

std::unique_ptr<ConsolePort> openConsolePort(const ConsoleOptions& options) {
    if (options.port == ConsoleOptions::Port::Kernel) {
        return std::make_unique<KernelConsolePort>(
            options.device.empty() ? driver::KernelPortDriver::kDefaultDevice : options.device);
    }
    return std::make_unique<VirtualConsolePort>(options.wiring, options.interrupt_line);
}

ConsoleSession::ConsoleSession(const ConsoleOptions& options)
    : ConsoleSession(openConsolePort(options), options.connect_enabled) {}

ConsoleSession::ConsoleSession(std::unique_ptr<ConsolePort> port, bool connect_enabled)
    : port_(std::move(port)), driver_(port_->driver()), make_client_(port_->clientFactory()) {
    driver_.setConnectEnabled(connect_enabled);
    driver_.setObserver(&latency_);
}

ConsoleSession::~ConsoleSession() {
    driver_.setObserver(nullptr);
}

QJsonObject ConsoleSession::handle(const QJsonObject& request) {
    const QJsonValue op_value = request.value("op");
    if (!op_value.isString()) {
        throw ConsoleError("every request needs \"op\" (a string)");
    }
    const std::string op = op_value.toString().toStdString();
    for (const auto& operation : operationTable()) {
        if (op == operation.name) {
            QJsonObject response = (this->*operation.handler)(request);
            response["op"] = QString::fromStdString(op);
            return response;
        }
    }
    throw ConsoleError("unknown op '" + op + "' (expected one of " + joinNames(operations()) + ")");
}

routines::IsrClient& ConsoleSession::client(const std::string& routine, std::int64_t context) {
    if (!routines::isBuiltinRoutine(routine)) {
        throw ConsoleError("unknown isr '" + routine + "' (expected one of " +
                           joinNames(routines::builtinRoutineNames()) + ")");
    }
    const std::string key = routine + ":" + std::to_string(context);
    auto& slot = clients_[key];
    if (!slot) {
        slot = make_client_(routine, context, requester_);
    }
    return *slot;
}

QJsonObject ConsoleSession::connect(const QJsonObject& request) {
    const RequestFields f(request, "connect", {"isr", "context", "deferred", "in_len", "out_len"});
    routines::IsrClient& target =
        client(f.string("isr", "responder"), f.integer("context", 1, INT32_MIN, INT32_MAX));
    InternalDeviceControlRequest irp(contract::IOCTL_INTERNAL_PARALLEL_CONNECT_INTERRUPT,
                                     f.integer("in_len", kIsrStructSize, 0, kMaxBufferLength),
                                     f.integer("out_len", kInfoStructSize, 0, kMaxBufferLength));
    irp.setInput(target.serviceRoutine(f.boolean("deferred", false)));

    if (driver_.state() == driver::ConnectionState::NoClient) {
        requester_.inactive_reported.store(false, std::memory_order_release);  // new connection
    }
    target.connectionAdded();
    driver_.dispatch(irp);
    if (irp.ioStatus().Status != NtStatus::Success) {
        target.connectionRemoved();
    }
    QJsonObject response = completed(irp);
    if (const auto info = irp.readOutput<contract::PARALLEL_INTERRUPT_INFORMATION>()) {
        response["interrupt_object"] = pointerText(info->InterruptObject);
        rememberObject();
    }
    response["state"] = driver::stateAbbreviation(driver_.state());
    return response;
}

QJsonObject ConsoleSession::disconnect(const QJsonObject& request) {
    const RequestFields f(request, "disconnect", {"isr", "context", "in_len", "out_len"});
    routines::IsrClient& target =
        client(f.string("isr", "responder"), f.integer("context", 1, INT32_MIN, INT32_MAX));
    InternalDeviceControlRequest irp(contract::IOCTL_INTERNAL_PARALLEL_DISCONNECT_INTERRUPT,
                                     f.integer("in_len", kIsrStructSize, 0, kMaxBufferLength),
                                     f.integer("out_len", 0, 0, kMaxBufferLength));
    irp.setInput(target.serviceRoutine(false));
    driver_.dispatch(irp);
    if (irp.ioStatus().Status == NtStatus::Success) {
        target.connectionRemoved();  // the driver promises no call from now on
    }
    QJsonObject response = completed(irp);
    response["state"] = driver::stateAbbreviation(driver_.state());
    return response;
}

std::string ConsoleSession::clientKey(const driver::ClientInfo& info) const {
    for (const auto& [key, c] : clients_) {
        if (c->isConnection(info.registration)) {
            return key;
        }
    }
    return "?";  // every connection is one of ours
}

void ConsoleSession::rememberObject() {
    auto* current = driver_.currentInterruptObject();
    if (objects_seen_.empty() || objects_seen_.back() != current) {
        objects_seen_.push_back(current);
    }
}

contract::KINTERRUPT* ConsoleSession::objectFor(const std::string& which) const {
    if (which == "current") {
        return driver_.currentInterruptObject();
    }
    if (which == "none") {
        return nullptr;
    }
    if (which == "stale") {
        auto* current = driver_.currentInterruptObject();
        for (auto it = objects_seen_.rbegin(); it != objects_seen_.rend(); ++it) {
            if (*it != current) {
                return *it;
            }
        }
        throw ConsoleError(
            "no stale interrupt object yet: connect, disconnect the last client and connect again "
            "first (or use \"object\":\"none\")");
    }
    throw ConsoleError("field 'object' must be \"current\", \"stale\" or \"none\"");
}

QJsonObject ConsoleSession::reportActive(const QJsonObject& request) {
    return report(request, true);
}

QJsonObject ConsoleSession::reportInactive(const QJsonObject& request) {
    return report(request, false);
}

QJsonObject ConsoleSession::report(const QJsonObject& request, bool active) {
    const RequestFields f(request, active ? "report_active" : "report_inactive",
                          {"object", "version"});
    contract::IO_REPORT_INTERRUPT_ACTIVE_STATE_PARAMETERS parameters{};
    parameters.Version = static_cast<std::uint32_t>(
        f.integer("version", contract::CONNECT_LINE_BASED, 0, UINT32_MAX));
    parameters.ConnectionContext.InterruptObject = objectFor(f.string("object", "current"));

    NtStatus status;
    if (active) {
        // Cleared first: from here on a call is legitimate again.
        requester_.inactive_reported.store(false, std::memory_order_release);
        status = driver_.reportInterruptActive(parameters);
    } else {
        status = driver_.reportInterruptInactive(parameters);
        if (status == NtStatus::Success) {
            requester_.inactive_reported.store(true, std::memory_order_release);
        }
    }
    QJsonObject response = statusResponse(status);
    response["state"] = driver::stateAbbreviation(driver_.state());
    return response;
}

std::map<std::string, routines::ClientObservations> ConsoleSession::observeClients() const {
    std::map<std::string, routines::ClientObservations> seen;
    for (const auto& [key, c] : clients_) {
        seen[key] = c->observations();
    }
    return seen;
}

QJsonObject ConsoleSession::counterDeltas(
    const std::map<std::string, routines::ClientObservations>& before,
    std::uint64_t routines::ClientObservations::*field) const {
    QJsonObject deltas;
    for (const auto& [key, c] : clients_) {
        const auto it = before.find(key);
        const std::uint64_t then = it == before.end() ? 0 : it->second.*field;
        const std::uint64_t delta = c->observations().*field - then;
        if (delta > 0 || c->connections() > 0) {
            deltas[QString::fromStdString(key)] = static_cast<double>(delta);
        }
    }
    return deltas;
}

std::uint64_t ConsoleSession::clientViolations() const {
    std::uint64_t total = 0;
    for (const auto& [key, c] : clients_) {
        total += c->observations().violations;
    }
    return total;
}

QJsonObject ConsoleSession::stimulate(const QJsonObject& request) {
    const RequestFields f(request, "stimulate", {"count", "timeout_ms"});
    const std::int64_t count = f.integer("count", 1, 1, kMaxStimuli);
    const auto timeout = std::chrono::milliseconds(f.integer("timeout_ms", 1000, 1, 60'000));
    if (driver_.removing()) {
        QJsonObject response = statusResponse(NtStatus::DeletePending);
        response["sent"] = 0;
        response["source"] = QString::fromStdString(port_->sourceLabel());
        return response;
    }
    const auto before = driver_.counters().interrupts;
    const std::uint64_t spurious_before = latency_.spurious();
    const auto clients_before = observeClients();
    const std::uint64_t client_violations_before = clientViolations();
    const auto responses_before = port_->responseEdges();
    std::vector<std::int64_t> latencies;
    std::uint64_t lost = 0;

    // One edge at a time, each waited for: the latency of one interrupt is never a queueing delay
    // behind the previous one. An edge not handled within the timeout is lost. The port tells
    // that a pulse was handled after its dispatch has left the observer, so that its latency
    // sample is there too.
    for (std::int64_t i = 1; i <= count; ++i) {
        const driver::Pulse pulse = port_->pulse();
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (pulse.stimulus == 0 || port_->lastStimulusHandled() < pulse.stimulus) {
            if (pulse.stimulus == 0 || std::chrono::steady_clock::now() > deadline) {
                ++lost;
                break;
            }
            std::this_thread::yield();
        }
        latency_.drainInto(latencies);
    }
    lost_total_ += lost;

    const auto after = driver_.counters().interrupts;
    QJsonObject response = statusResponse(NtStatus::Success);
    response["source"] = QString::fromStdString(port_->sourceLabel());
    response["sent"] = static_cast<double>(count);
    response["serviced"] = static_cast<double>(after.serviced - before.serviced);
    response["suppressed"] = static_cast<double>(after.suppressed - before.suppressed);
    response["unclaimed"] = static_cast<double>(after.unclaimed - before.unclaimed);
    response["lost"] = static_cast<double>(lost);
    response["spurious"] = static_cast<double>(latency_.spurious() - spurious_before);
    response["violations"] = static_cast<double>(after.violations - before.violations +
                                                 clientViolations() - client_violations_before);
    response["calls"] = counterDeltas(clients_before, &routines::ClientObservations::calls);
    if (const auto responses_after = port_->responseEdges()) {
        response["responses"] =
            static_cast<double>(*responses_after - responses_before.value_or(0));
    }
    response["latency_ns"] = latencySummary(std::move(latencies));
    response["state"] = driver::stateAbbreviation(driver_.state());
    return response;
}

QJsonObject ConsoleSession::freePort(const QJsonObject& request) {
    const RequestFields f(request, "free_port", {});
    const auto clients_before = observeClients();
    const int waiting_before = driver_.allocationsWaiting();
    InternalDeviceControlRequest irp(contract::IOCTL_INTERNAL_PARALLEL_PORT_FREE, 0, 0);
    driver_.dispatch(irp);
    QJsonObject response = completed(irp);
    response["deferred"] =
        counterDeltas(clients_before, &routines::ClientObservations::deferred_calls);
    if (irp.ioStatus().Status == NtStatus::Success) {
        response["handed_to_waiter"] = waiting_before > 0;
    }
    return response;
}

QJsonObject ConsoleSession::allocate(const QJsonObject& request) {
    const RequestFields f(request, "allocate", {});
    const auto result = driver_.allocatePort();
    if (!result) {
        return statusResponse(NtStatus::DeletePending);
    }
    QJsonObject response = statusResponse(NtStatus::Success);
    response["granted"] = result->granted;
    response["queue_position"] = result->queue_position;
    return response;
}

QJsonObject ConsoleSession::configure(const QJsonObject& request) {
    const RequestFields f(request, "configure", {"connect_enabled", "wiring", "interrupt_line"});
    if (f.has("wiring")) {
        const std::string name = f.string("wiring", "");
        const auto wiring = hwbridge::spp::wiringFromName(name);
        if (!wiring) {
            throw ConsoleError("field 'wiring' must be \"checkit\" or \"norton\", not '" + name +
                               "'");
        }
        port_->setWiring(*wiring);
    }
    if (f.has("interrupt_line")) {
        port_->setInterruptLine(f.boolean("interrupt_line", true));
    }
    driver_.setConnectEnabled(f.boolean("connect_enabled", driver_.connectEnabled()));

    QJsonObject response = statusResponse(NtStatus::Success);
    response["connect_enabled"] = driver_.connectEnabled();
    response["wiring"] = QString::fromLatin1(hwbridge::spp::wiringName(port_->wiring()).data());
    response["interrupt_line"] = port_->interruptLine();
    return response;
}

// The hardware goes away: the driver sees a removal (row 18) and the port raises nothing more.
QJsonObject ConsoleSession::remove(const QJsonObject& request) {
    const RequestFields f(request, "remove", {});
    port_->remove();
    return statusResponse(NtStatus::Success);
}

QJsonObject ConsoleSession::reattach(const QJsonObject& request) {
    const RequestFields f(request, "reattach", {});
    port_->reattach();
    QJsonObject response = statusResponse(NtStatus::Success);
    response["state"] = driver::stateAbbreviation(driver_.state());
    return response;
}

QJsonObject ConsoleSession::rawIoctl(const QJsonObject& request) {
    const RequestFields f(request, "ioctl", {"code", "in_len", "out_len"});
    if (!f.has("code")) {
        throw ConsoleError("op 'ioctl' needs field 'code'");
    }
    InternalDeviceControlRequest irp(f.code("code"), f.integer("in_len", 0, 0, kMaxBufferLength),
                                     f.integer("out_len", 0, 0, kMaxBufferLength));
    driver_.dispatch(irp);
    QJsonObject response = completed(irp);
    response["state"] = driver::stateAbbreviation(driver_.state());
    return response;
}

// The driver's event log: each request with its status and Information, oldest first.
QJsonObject ConsoleSession::log(const QJsonObject& request) {
    const RequestFields f(request, "log", {"count"});
    const auto entries =
        driver_.requestLog(static_cast<std::size_t>(f.integer("count", 20, 1, 4096)));
    QJsonArray lines;
    for (const auto& entry : entries) {
        QJsonObject line;
        line["number"] = static_cast<double>(entry.number);
        line["time_ns"] = static_cast<double>(entry.time_ns);
        line["request"] = QString::fromStdString(entry.request);
        line["status"] = QString::fromLatin1(contract::statusName(entry.status).data());
        line["code"] = hex32(contract::statusValue(entry.status));
        line["information"] = static_cast<double>(entry.information);
        lines.append(line);
    }
    QJsonObject response = statusResponse(NtStatus::Success);
    response["entries"] = lines;
    return response;
}

QJsonObject ConsoleSession::state(const QJsonObject& request) {
    const RequestFields f(request, "state", {});
    const auto counters = driver_.counters();
    QJsonObject response = statusResponse(NtStatus::Success);
    response["state"] = driver::stateAbbreviation(driver_.state());
    response["source"] = QString::fromStdString(port_->sourceLabel());
    QJsonArray connected;
    for (const auto& info : driver_.clients()) {
        QJsonObject entry;
        entry["isr"] = QString::fromStdString(clientKey(info));
        entry["calls"] = static_cast<double>(info.calls);
        entry["returned_true"] = static_cast<double>(info.returned_true);
        entry["deferred"] = info.registration.deferred_routine != nullptr;
        connected.append(entry);
    }
    response["clients"] = connected;
    response["connect_enabled"] = driver_.connectEnabled();
    response["removing"] = driver_.removing();
    response["port_allocated"] = driver_.portAllocated();
    response["allocations_waiting"] = driver_.allocationsWaiting();
    response["interrupts"] = static_cast<double>(counters.interrupts.interrupts);
    response["serviced"] = static_cast<double>(counters.interrupts.serviced);
    response["suppressed"] = static_cast<double>(counters.interrupts.suppressed);
    response["unclaimed"] = static_cast<double>(counters.interrupts.unclaimed);
    response["lost"] = static_cast<double>(lost_total_);
    response["violations"] =
        static_cast<double>(counters.interrupts.violations + clientViolations());
    response["rejected_reports"] = static_cast<double>(counters.rejected_reports);
    response["errors"] = static_cast<double>(errors_);
    response["spurious"] = static_cast<double>(latency_.spurious());
    response["latency_samples_overflowed"] = static_cast<double>(latency_.overflow());
    return response;
}

}  // namespace cli
