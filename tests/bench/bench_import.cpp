// Reading import throughput, in parts: the store's bulk write (SQLite C API binding
// against the portable QSqlQuery path), and whole imports of CSV and NDJSON through
// ReadingImporter into a demo practice. The end-to-end comparison with the sqlite3
// shell's .import of a million rows is tests/bench/import_vs_sqlite.sh.

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTimeZone>

#include "billing/readingimport.h"
#include "store/clock.h"
#include "store/database.h"
#include "store/demopractice.h"
#include "store/patientrepository.h"
#include "store/readingrepository.h"
#include "store/staffrepository.h"

using namespace Qt::Literals::StringLiterals;

namespace {

constexpr int kReadings = 20'000;

class FixedClock final : public vd::Clock
{
public:
    QDateTime nowUtc() const override
    {
        return QDateTime(QDate(2026, 3, 20), QTime(17, 0), QTimeZone::utc());
    }
    qint64 monotonicMs() const override { return 0; }
};

const FixedClock g_clock;

struct DeviceRow
{
    QString mrn;
    QString serial;
    QString kind;
    vd::PatientId patient = 0;
    qint64 device = 0;
};

// A 60-patient demo practice on disk, made once and copied for every iteration.
class Practice
{
public:
    Practice()
    {
        m_template = m_dir.filePath(u"template.sqlite"_s);
        auto db = vd::Database::openSqlite(m_template);
        if (!db)
            qFatal("%s", qPrintable(db.error()));
        vd::DemoOptions options;
        options.patients = 60;
        options.months = 1;
        options.today = QDate(2026, 3, 20);
        auto summary = vd::generateDemoPractice(**db, options);
        if (!summary)
            qFatal("%s", qPrintable(summary.error()));
        auto patients = vd::PatientRepository((*db)->connection(), g_clock).all();
        auto devices = vd::PatientRepository((*db)->connection(), g_clock).allDevices();
        QHash<vd::PatientId, QString> mrns;
        for (const vd::Patient &p : *patients)
            mrns.insert(p.id, p.mrn);
        for (const vd::Device &d : *devices) {
            if (d.kind != u"other"_s)
                m_devices.push_back({mrns.value(d.patientId), d.serial, d.kind, d.patientId, d.id});
        }
        auto staff = vd::StaffRepository((*db)->connection(), g_clock).all();
        m_actor = staff->front().id;
        // Close the template (checkpoints its WAL) before it is copied.
    }

    // A fresh copy of the practice; the previous copy is removed.
    std::unique_ptr<vd::Database> fresh()
    {
        const QString path = m_dir.filePath(u"copy%1.sqlite"_s.arg(++m_copies));
        if (m_copies > 1) {
            for (const QString &suffix : {u""_s, u"-wal"_s, u"-shm"_s})
                QFile::remove(m_dir.filePath(u"copy%1.sqlite"_s.arg(m_copies - 1)) + suffix);
        }
        QFile::copy(m_template, path);
        auto db = vd::Database::openSqlite(path);
        if (!db)
            qFatal("%s", qPrintable(db.error()));
        return std::move(db.value());
    }

    const std::vector<DeviceRow> &devices() const { return m_devices; }
    vd::StaffId actor() const { return m_actor; }
    QString filePath(const QString &name) const { return m_dir.filePath(name); }

private:
    QTemporaryDir m_dir;
    QString m_template;
    std::vector<DeviceRow> m_devices;
    vd::StaffId m_actor = 0;
    int m_copies = 0;
};

Practice &practice()
{
    static Practice p;
    return p;
}

struct Sample
{
    const DeviceRow *device;
    QString kind;
    double value1;
    std::optional<double> value2;
    QString unit;
    qint64 takenAtMs;
};

// kReadings readings over the practice's devices, one every 20 minutes per device.
std::vector<Sample> samples()
{
    const auto &devices = practice().devices();
    const qint64 start =
        QDateTime(QDate(2026, 1, 1), QTime(0, 0), QTimeZone::utc()).toMSecsSinceEpoch();
    std::vector<Sample> out;
    out.reserve(kReadings);
    for (int i = 0; i < kReadings; ++i) {
        const DeviceRow &d = devices[std::size_t(i) % devices.size()];
        Sample s{&d, {}, 0, std::nullopt, {}, start + qint64(i / int(devices.size())) * 1'200'000};
        if (d.kind == u"bp_monitor"_s) {
            s.kind = u"bp"_s;
            s.value1 = 112 + (i * 7) % 40;
            s.value2 = 68 + (i * 3) % 20;
            s.unit = u"mm[Hg]"_s;
        } else if (d.kind == u"glucometer"_s) {
            s.kind = u"glucose"_s;
            s.value1 = 88 + (i * 5) % 90;
            s.unit = u"mg/dL"_s;
        } else if (d.kind == u"scale"_s) {
            s.kind = u"weight"_s;
            s.value1 = 55 + (i % 500) / 10.0;
            s.unit = u"kg"_s;
        } else if (d.kind == u"pulse_oximeter"_s) {
            s.kind = u"spo2"_s;
            s.value1 = 93 + i % 6;
            s.unit = u"%"_s;
        } else {
            s.kind = u"temperature"_s;
            s.value1 = 36.2 + (i % 9) / 10.0;
            s.unit = u"Cel"_s;
        }
        out.push_back(std::move(s));
    }
    return out;
}

void BM_WriteReadings(benchmark::State &state)
{
    const bool native = state.range(0) != 0;
    std::vector<vd::Reading> readings;
    for (const Sample &s : samples()) {
        vd::Reading r;
        r.patientId = s.device->patient;
        r.deviceId = s.device->device;
        r.kind = s.kind;
        r.value1 = s.value1;
        r.value2 = s.value2;
        r.unit = s.unit;
        r.takenAtMs = s.takenAtMs;
        readings.push_back(std::move(r));
    }
    vd::ReadingRepository::setNativeBindingEnabled(native);
    for (auto _ : state) {
        state.PauseTiming();
        auto db = practice().fresh();
        if (native && !vd::ReadingRepository::usesNativeBinding(db->connection())) {
            state.SkipWithError("native SQLite binding not available in this build");
            break;
        }
        state.ResumeTiming();
        {
            vd::ScopedTransaction tx(db->connection());
            vd::ReadingRepository repo(db->connection(), g_clock);
            auto stats = repo.write(practice().actor(), readings);
            if (!stats || stats->inserted != kReadings)
                state.SkipWithError("write failed");
            (void)tx.commit();
        }
    }
    vd::ReadingRepository::setNativeBindingEnabled(true);
    state.SetItemsProcessed(state.iterations() * kReadings);
}
BENCHMARK(BM_WriteReadings)->Arg(0)->Arg(1)->ArgName("native")->Unit(benchmark::kMillisecond);

QString writeCsv()
{
    const QString path = practice().filePath(u"readings.csv"_s);
    if (QFile::exists(path))
        return path;
    QByteArray text = "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n";
    for (const Sample &s : samples()) {
        text += s.device->mrn.toUtf8() + ',' + s.device->serial.toUtf8() + ',' +
                QDateTime::fromMSecsSinceEpoch(s.takenAtMs, QTimeZone::utc())
                    .toString(Qt::ISODate)
                    .toUtf8() +
                ',' + s.kind.toUtf8() + ',' + QByteArray::number(s.value1) + ',' +
                (s.value2 ? QByteArray::number(*s.value2) : QByteArray()) + ',' + s.unit.toUtf8() +
                ",device\n";
    }
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(text);
    return path;
}

QString writeNdjson()
{
    const QString path = practice().filePath(u"readings.ndjson"_s);
    if (QFile::exists(path))
        return path;
    const auto quantity = [](double v, const QString &unit) -> QByteArray {
        return "{\"value\":" + QByteArray::number(v) + ",\"unit\":\"" + unit.toUtf8() +
               "\",\"system\":\"http://unitsofmeasure.org\",\"code\":\"" + unit.toUtf8() + "\"}";
    };
    const auto coding = [](const char *code) -> QByteArray {
        return QByteArray("{\"coding\":[{\"system\":\"http://loinc.org\",\"code\":\"") + code +
               "\"}]}";
    };
    QByteArray text;
    for (const Sample &s : samples()) {
        const char *loinc = s.kind == u"bp"_s        ? "85354-9"
                            : s.kind == u"glucose"_s ? "2339-0"
                            : s.kind == u"weight"_s  ? "29463-7"
                            : s.kind == u"spo2"_s    ? "59408-5"
                                                     : "8310-5";
        text += "{\"resourceType\":\"Observation\",\"status\":\"final\",\"code\":" + coding(loinc) +
                ",\"subject\":{\"identifier\":{\"value\":\"" + s.device->mrn.toUtf8() +
                "\"}},\"device\":{\"identifier\":{\"value\":\"" + s.device->serial.toUtf8() +
                "\"}},\"effectiveDateTime\":\"" +
                QDateTime::fromMSecsSinceEpoch(s.takenAtMs, QTimeZone::utc())
                    .toString(Qt::ISODate)
                    .toUtf8() +
                "\",";
        if (s.value2)
            text += "\"component\":[{\"code\":" + coding("8480-6") +
                    ",\"valueQuantity\":" + quantity(s.value1, s.unit) +
                    "},{\"code\":" + coding("8462-4") +
                    ",\"valueQuantity\":" + quantity(*s.value2, s.unit) + "}]}\n";
        else
            text += "\"valueQuantity\":" + quantity(s.value1, s.unit) + "}\n";
    }
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(text);
    return path;
}

void runImport(benchmark::State &state, const QString &path)
{
    for (auto _ : state) {
        state.PauseTiming();
        auto db = practice().fresh();
        state.ResumeTiming();
        vd::billing::ReadingImporter importer(*db, g_clock, practice().actor());
        auto summary = importer.run({path});
        if (!summary || summary->imported != kReadings) {
            state.SkipWithError(summary ? "not every reading was imported" : "import failed");
            break;
        }
    }
    state.SetItemsProcessed(state.iterations() * kReadings);
}

void BM_ImportCsv(benchmark::State &state)
{
    runImport(state, writeCsv());
}
BENCHMARK(BM_ImportCsv)->Unit(benchmark::kMillisecond);

void BM_ImportNdjson(benchmark::State &state)
{
    runImport(state, writeNdjson());
}
BENCHMARK(BM_ImportNdjson)->Unit(benchmark::kMillisecond);

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
