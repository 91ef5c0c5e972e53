// A fixture model in this process behind the Transport interface, its reports handed over by the
// caller itself: endpoint 0 answered by the model, interrupt-level writes applied to it at once,
// each report (a packet, or records as the virtual fixture sends them) delivered to the sink on
// the caller's thread. For scripted tests and for the benches that time the host's side alone
// (`isrbench bench`, tests/bench).
#pragma once

#include <cstdint>
#include <span>

#include "fixture_model.h"
#include "immediate_control.h"
#include "transport.h"

namespace hwbridge {

class InProcessTransport : public Transport {
public:
    FixtureModel model{FixtureModelOptions{}};
    // Interrupt-level transfers refused, as by a transport with none free or no device.
    bool refuse_interrupt_level = false;

    DeviceIdentity identity() const override {
        return {"IN-PROCESS", wire::kVendorId, wire::kDefaultProductId, "none", true, "in process"};
    }
    TransferResult controlIn(wire::Request request, std::uint16_t value, std::uint16_t index,
                             std::span<std::uint8_t> data) override {
        return model.controlIn(request, value, index, data);
    }
    TransferResult controlOut(wire::Request request, std::uint16_t value, std::uint16_t index,
                              std::span<const std::uint8_t> data) override {
        return model.controlOut(request, value, index, data);
    }
    bool submitControlOut(wire::Request request, std::uint16_t value,
                          std::uint16_t index) noexcept override {
        return interrupt_level_.submit(model, !refuse_interrupt_level, request, value, index);
    }
    AsyncControlCounts asyncControlCounts() const override { return interrupt_level_.counts(); }
    void setReportSink(ReportSink* sink) override { sink_ = sink; }

    // One report packet, as if its transfer completed at `t_arrive_ns`.
    void deliver(std::span<const std::uint8_t> packet, std::int64_t t_arrive_ns) {
        if (sink_ != nullptr) {
            sink_->onReport(packet, t_arrive_ns);
        }
    }
    // The records of one report, handed over as the virtual fixture hands them (no bytes).
    void deliverRecords(std::span<const wire::EventRecord> records, std::int64_t t_arrive_ns) {
        if (sink_ != nullptr) {
            sink_->onRecords(records, t_arrive_ns);
        }
    }

private:
    ImmediateControl interrupt_level_;
    ReportSink* sink_ = nullptr;
};

}  // namespace hwbridge
