// The fixture model's side of the report queue: records are queued under the model's lock and
// announced only once it is released, so that the thread an announcement wakes (the ISR's
// register reads go back into the model) never finds the model locked by the thread that woke it.
#include "fixture_model.h"

#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <memory>
#include <thread>
#include <vector>

#include "loopback_plug.h"
#include "spp_registers.h"
#include "wire.h"

namespace {

using namespace hwbridge;
using namespace std::chrono_literals;

// Records what was queued by the time of each announcement, and whether the model could be
// entered from another thread at that moment (as the report thread's ISR enters it).
class AnnouncedQueue final : public EventQueue {
public:
    explicit AnnouncedQueue(FixtureModel& model) : model_(model) {}

    bool push(const wire::EventRecord& record, std::int64_t) noexcept override {
        records.push_back(record);
        return true;
    }

    void recordsQueued() noexcept override {
        queued_at_announcement.push_back(records.size());
        // Under the model's lock this read would wait for the announcing thread to return; the
        // generous bound only keeps a broken model from hanging the test (the reader is joined
        // once the model has let go).
        auto entered = std::make_shared<std::promise<void>>();
        std::future<void> done = entered->get_future();
        readers_.emplace_back([this, entered] {
            model_.eventsDropped();
            entered->set_value();
        });
        model_free_at_announcement.push_back(done.wait_for(10s) == std::future_status::ready);
    }

    ~AnnouncedQueue() {
        for (std::thread& reader : readers_) {
            reader.join();
        }
    }

    std::vector<wire::EventRecord> records;
    std::vector<std::size_t> queued_at_announcement;
    std::vector<bool> model_free_at_announcement;

private:
    FixtureModel& model_;
    std::vector<std::thread> readers_;
};

TEST(FixtureModelQueue, AStimulusEdgeIsAnnouncedOnceTheModelIsFreeToEnter) {
    FixtureModel model;
    AnnouncedQueue queue(model);
    model.setEventQueue(&queue);
    ASSERT_EQ(model.controlOut(wire::Request::SetIrqEnable, 1, 0, {}).status, TransferStatus::Ok);
    ASSERT_TRUE(queue.queued_at_announcement.empty()) << "nothing queued, nothing announced";

    model.pulseStimulusLine();
    ASSERT_EQ(queue.records.size(), 1u);
    EXPECT_EQ(queue.records[0].type, wire::RecordType::Edge);
    ASSERT_EQ(queue.queued_at_announcement, std::vector<std::size_t>{1});
    EXPECT_TRUE(queue.model_free_at_announcement[0]);

    model.endOfTrain();
    ASSERT_EQ(queue.queued_at_announcement, (std::vector<std::size_t>{1, 2}));
    EXPECT_EQ(queue.records[1].type, wire::RecordType::TrainEnd);
    EXPECT_TRUE(queue.model_free_at_announcement[1]);
    model.setEventQueue(nullptr);
}

TEST(FixtureModelQueue, ARegisterWriteThatRaisesAnEdgeIsAnnouncedOnceTheModelIsFreeToEnter) {
    FixtureModel model;
    AnnouncedQueue queue(model);
    model.setEventQueue(&queue);
    ASSERT_EQ(model.controlOut(wire::Request::SetIrqEnable, 1, 0, {}).status, TransferStatus::Ok);
    const auto line = spp::stimulusLine(spp::LoopbackWiring::CheckIt);
    const std::uint16_t reg = line.reg == spp::Register::Data ? 0 : 2;
    const std::uint8_t irq_enable = reg == 2 ? spp::kControlIrqEnable : 0;
    ASSERT_EQ(model.controlOut(wire::Request::WriteRegister, irq_enable, reg, {}).status,
              TransferStatus::Ok);
    ASSERT_EQ(
        model.controlOut(wire::Request::WriteRegister, irq_enable | line.mask, reg, {}).status,
        TransferStatus::Ok);
    ASSERT_EQ(queue.records.size(), 1u);
    EXPECT_EQ(queue.queued_at_announcement, std::vector<std::size_t>{1});
    EXPECT_TRUE(queue.model_free_at_announcement[0]);
    model.setEventQueue(nullptr);
}

}  // namespace
