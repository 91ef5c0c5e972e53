// Screenshots: the window mid-run on the virtual fixture with the default scenario, saved as a PNG
// artifact under the build tree (artifacts/main-window.png) and checked to be the window, not a
// blank; and `isrbench --screenshot` end to end, bad input and unwritable files included.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <QDir>
#include <QImage>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <cstdio>
#include <set>

#include "distribution_charts.h"
#include "scenario_player.h"
#include "state_palette.h"
#include "window_fixture.h"

namespace {

// Distinct colours, and the share of pixels that are not the page background.
struct Picture {
    std::size_t colours = 0;
    double drawn = 0;
};

Picture look(const QImage& image) {
    std::set<QRgb> colours;
    const QRgb background = charts::hudColour(charts::hud::kBackground).rgb();
    std::size_t drawn = 0;
    for (int y = 0; y < image.height(); y += 2) {
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb pixel = image.pixel(x, y);
            colours.insert(pixel);
            drawn += pixel != background ? 1 : 0;
        }
    }
    const double sampled =
        static_cast<double>((image.width() + 1) / 2) * ((image.height() + 1) / 2);
    return {colours.size(), static_cast<double>(drawn) / sampled};
}

TEST(Screenshot, TheWindowMidRunIsSavedAsAPngArtifact) {
    auto window = uitest::openWindow();
    // The default scenario with its last active phase drawn out to 10 s: 2.8 s in, every
    // transition is behind it and the run is still going even if a loaded (TSan) UI thread
    // comes back from the wait late (its 3.5 s end was once reached first).
    ASSERT_EQ(window->playScenario(QString::fromLatin1(ui::ScenarioPlayer::kDefaultScenario),
                                   {"duration_ms=10000"}),
              QString());
    QTest::qWait(2800);
    EXPECT_TRUE(window->player().playing());
    window->refreshFrame();
    window->distributions().showAll(window->lastSnapshot());
    QCoreApplication::sendPostedEvents();
    const QImage image = window->grab().toImage();
    const QString path = QStringLiteral(ISRBENCH_ARTIFACTS_DIR "/main-window.png");
    ASSERT_TRUE(image.save(path, "PNG")) << path.toStdString();

    const QImage saved(path);
    ASSERT_FALSE(saved.isNull());
    EXPECT_EQ(saved.size(), window->size() * window->devicePixelRatio());
    EXPECT_EQ(saved.size(), ui::MainWindow::kDefaultSize);
    const Picture picture = look(saved);
    EXPECT_GT(picture.colours, 500u) << "a blank or flat picture";
    EXPECT_GT(picture.drawn, 0.3);
}

struct Finished {
    int status = -1;
    QString out;
    QString err;
};

// The executable with no display, so that the offscreen platform is its own choice. Started
// through popen (posix_spawn), as the app tests do: QProcess's clone() trips ThreadSanitizer's
// fork hooks in the tsan preset.
Finished isrbench(const QStringList& arguments) {
    QTemporaryFile errors;
    if (!errors.open()) {
        return {};
    }
    std::string command =
        "env -u DISPLAY -u WAYLAND_DISPLAY -u QT_QPA_PLATFORM '" ISRBENCH_EXECUTABLE "'";
    for (const QString& argument : arguments) {
        command += " '" + argument.toStdString() + "'";  // test arguments have no quotes
    }
    command += " 2>'" + errors.fileName().toStdString() + "'";
    FILE* pipe = popen(command.c_str(), "r");
    if (pipe == nullptr) {
        return {};
    }
    QByteArray out;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
        out.append(buffer, static_cast<qsizetype>(n));
    }
    const int status = pclose(pipe);
    return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, QString::fromUtf8(out),
            QString::fromUtf8(errors.readAll())};
}

TEST(Screenshot, TheCommandPlaysTheDefaultScenarioAndSavesThePng) {
    const QString path = QStringLiteral(ISRBENCH_ARTIFACTS_DIR "/cli-screenshot.png");
    QFile::remove(path);
    const Finished run = isrbench(
        {QStringLiteral("--screenshot"), path, QStringLiteral("--after"), QStringLiteral("0.8")});
    EXPECT_EQ(run.status, 0) << run.err.toStdString();
    EXPECT_TRUE(run.out.contains(QLatin1String("saved"))) << run.out.toStdString();
    EXPECT_FALSE(run.err.contains(QLatin1String("propagateSizeHints")));
    // When the window first painted, from the process's launch: a count of milliseconds that
    // cannot exceed the child's whole life (the value itself is a benchmark's business).
    const QRegularExpressionMatch painted =
        QRegularExpression(QStringLiteral("first frame painted ([0-9]+) ms after launch"))
            .match(run.out);
    ASSERT_TRUE(painted.hasMatch()) << run.out.toStdString();
    EXPECT_LT(painted.captured(1).toInt(), 10 * 60 * 1000);
    const QImage image(path);
    ASSERT_FALSE(image.isNull());
    EXPECT_EQ(image.size(), ui::MainWindow::kDefaultSize);
    EXPECT_GT(look(image).colours, 300u);
}

TEST(Screenshot, TheCommandPlaysAGivenScenario) {
    QTemporaryDir directory;
    const QString scenario = directory.filePath(QStringLiteral("short.json"));
    QFile file(scenario);
    ASSERT_TRUE(file.open(QIODevice::WriteOnly));
    file.write(R"({"name": "short one", "duration_ms": 400,
                   "timeline": [{"at_ms": 100, "step": "connect"}]})");
    file.close();
    const QString path = directory.filePath(QStringLiteral("shot.png"));
    const Finished run = isrbench({QStringLiteral("--screenshot"), path, QStringLiteral("--after"),
                                   QStringLiteral("0.3"), QStringLiteral("--scenario"), scenario});
    EXPECT_EQ(run.status, 0) << run.err.toStdString();
    EXPECT_TRUE(run.out.contains(QLatin1String("short.json")));
    EXPECT_FALSE(QImage(path).isNull());
}

TEST(Screenshot, BadArgumentsAreRefusedWithAReason) {
    Finished run = isrbench({QStringLiteral("--screenshot"), QStringLiteral("x.png"),
                             QStringLiteral("--after"), QStringLiteral("soon")});
    EXPECT_EQ(run.status, 3);
    EXPECT_TRUE(run.err.contains(QLatin1String("--after takes 0 to 3600 seconds")))
        << run.err.toStdString();
    run = isrbench({QStringLiteral("--screenshot"), QStringLiteral("x.png")});
    EXPECT_EQ(run.status, 3);
    EXPECT_TRUE(run.err.contains(QLatin1String("--screenshot FILE --after SECONDS")));
    run = isrbench({QStringLiteral("--screenshot"), QStringLiteral("x.png"),
                    QStringLiteral("--after"), QStringLiteral("1"), QStringLiteral("--fast")});
    EXPECT_EQ(run.status, 3);
    EXPECT_TRUE(run.err.contains(QLatin1String("--fast")));
}

TEST(Screenshot, AnUnwritableFileOrABadScenarioIsToldBeforeAnyWait) {
    Finished run =
        isrbench({QStringLiteral("--screenshot"), QStringLiteral("/no/such/dir/shot.png"),
                  QStringLiteral("--after"), QStringLiteral("60")});
    EXPECT_EQ(run.status, 1);
    EXPECT_TRUE(run.err.contains(QLatin1String("/no/such/dir does not exist")))
        << run.err.toStdString();
    QTemporaryDir directory;
    run = isrbench({QStringLiteral("--screenshot"), directory.filePath(QStringLiteral("s.png")),
                    QStringLiteral("--after"), QStringLiteral("60"), QStringLiteral("--scenario"),
                    directory.filePath(QStringLiteral("missing.json"))});
    EXPECT_EQ(run.status, 3);
    EXPECT_TRUE(run.err.contains(QLatin1String("missing.json: cannot read")))
        << run.err.toStdString();
}

TEST(Screenshot, NoArgumentAndNoDisplaySaysHowToGoOn) {
    const Finished run = isrbench({});
    EXPECT_EQ(run.status, 3);
    EXPECT_TRUE(run.err.contains(QLatin1String("no display"))) << run.err.toStdString();
}

}  // namespace
