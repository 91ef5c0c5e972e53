// One console session: a port with its driver (the virtual port and the user-space driver, or
// the kernel module on a real port) and the built-in client ISRs. handle() takes one parsed
// request and returns its response; it is the whole behaviour of `isrbench console`,
// independent of where the lines come from and of which driver answers.
#pragma once

#include <QJsonObject>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "console_port.h"
#include "isr_client.h"
#include "latency_capture.h"
#include "loopback_plug.h"

namespace cli {

struct ConsoleOptions {
    enum class Port { Virtual, Kernel };
    Port port = Port::Virtual;
    std::string device;  // the kernel module's device; empty for the first port's
    hwbridge::spp::LoopbackWiring wiring = hwbridge::spp::LoopbackWiring::CheckIt;
    bool interrupt_line = true;
    bool connect_enabled = true;
};

// The port the options ask for; throws std::runtime_error saying why it cannot be opened.
std::unique_ptr<ConsolePort> openConsolePort(const ConsoleOptions& options);

class ConsoleSession {
public:
    explicit ConsoleSession(const ConsoleOptions& options = {});
    ConsoleSession(std::unique_ptr<ConsolePort> port, bool connect_enabled);
    ~ConsoleSession();

    ConsoleSession(const ConsoleSession&) = delete;
    ConsoleSession& operator=(const ConsoleSession&) = delete;

    // Throws ConsoleError for a request that cannot be carried out as written.
    QJsonObject handle(const QJsonObject& request);

    // A line that could not be handled at all (the console counts them for `state`).
    void countError() { ++errors_; }

    // The request names, in the order --help lists them.
    static std::vector<std::string> operations();

private:
    struct Operation;
    static const std::vector<Operation>& operationTable();

    QJsonObject connect(const QJsonObject& request);
    QJsonObject disconnect(const QJsonObject& request);
    QJsonObject reportActive(const QJsonObject& request);
    QJsonObject reportInactive(const QJsonObject& request);
    QJsonObject report(const QJsonObject& request, bool active);
    QJsonObject stimulate(const QJsonObject& request);
    QJsonObject freePort(const QJsonObject& request);
    QJsonObject allocate(const QJsonObject& request);
    QJsonObject configure(const QJsonObject& request);
    QJsonObject remove(const QJsonObject& request);
    QJsonObject reattach(const QJsonObject& request);
    QJsonObject rawIoctl(const QJsonObject& request);
    QJsonObject state(const QJsonObject& request);
    QJsonObject log(const QJsonObject& request);

    routines::IsrClient& client(const std::string& routine, std::int64_t context);
    std::string clientKey(const driver::ClientInfo& info) const;
    contract::KINTERRUPT* objectFor(const std::string& which) const;
    void rememberObject();
    std::map<std::string, routines::ClientObservations> observeClients() const;
    QJsonObject counterDeltas(const std::map<std::string, routines::ClientObservations>& before,
                              std::uint64_t routines::ClientObservations::*field) const;
    std::uint64_t clientViolations() const;

    // Declared before the port so that they outlive its driver: the driver is destroyed first,
    // and no ISR call is in flight once it is gone.
    routines::RequesterView requester_;
    LatencyCapture latency_;
    std::map<std::string, std::unique_ptr<routines::IsrClient>> clients_;
    std::vector<contract::KINTERRUPT*> objects_seen_;
    std::uint64_t lost_total_ = 0;
    std::uint64_t errors_ = 0;

    std::unique_ptr<ConsolePort> port_;
    driver::ContractDriver& driver_;
    routines::ClientFactory make_client_;
};

}  // namespace cli
