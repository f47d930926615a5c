// Rules engine throughput: one realistic patient-month = 120 readings (two devices, about
// four a day across the device period), 12 time entries by three staff members, two
// contacts (a voicemail and a completed call). Target: >= 200,000 evaluations/s on one core.

#include <benchmark/benchmark.h>

#include "rules/engine.h"

namespace {

using namespace vd::rules;

MonthFacts patientMonth(bool setupBilled)
{
    MonthFacts f;
    f.year = 2026;
    f.month = 3;
    f.episode.start = Date{2026, 1, 10};
    f.episode.consent = true;
    f.episode.establishedPatient = true;
    f.episode.setupBilled = setupBilled;
    f.billingProvider = "MD";
    // 120 readings in date order, three a day from 2026-02-10 (the period ending in March
    // is 2026-02-09..2026-03-10): blood pressure, heart rate, weight; every 17th is a
    // battery report and every 23rd a manual entry.
    const Date from{2026, 2, 10};
    for (int i = 0; i < 120; ++i) {
        ReadingFact r{from.addDays(i / 3), ReadingSource::Device, ReadingKind::Physiologic, true};
        if (i % 17 == 0)
            r.kind = ReadingKind::Battery;
        else if (i % 23 == 0)
            r.source = ReadingSource::Manual;
        f.readings.push_back(r);
    }
    const char *staff[] = {"nurse.adriana.morales", "nurse.benjamin.okafor", "dr.chen.li"};
    const char *roles[] = {"RN", "LPN", "MD"};
    for (int i = 0; i < 12; ++i) {
        TimeFact t;
        t.start = LocalDateTime{Date{2026, 3, 2 + 2 * i}, 9 * 3600 + 600 * i};
        t.seconds = 120 + 15 * i; // 2 to 4:45 minutes each, 36:30 in all
        t.program = i == 5 ? "CCM" : "RPM";
        t.role = roles[i % 3];
        t.staff = staff[i % 3];
        f.time.push_back(t);
    }
    f.contacts.push_back(ContactFact{LocalDateTime{Date{2026, 3, 4}, 36000}, ContactMode::Voicemail,
                                     true, Counterpart::Patient});
    f.contacts.push_back(ContactFact{LocalDateTime{Date{2026, 3, 6}, 37800}, ContactMode::Phone,
                                     true, Counterpart::Caregiver});
    return f;
}

void BM_EvaluatePatientMonth(benchmark::State &state)
{
    const MonthFacts facts = patientMonth(true);
    for (auto _ : state) {
        Decision d = evaluate(facts);
        benchmark::DoNotOptimize(d);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluatePatientMonth);

// Set-up not billed yet: the engine also scans the episode's earlier periods for 99453.
void BM_EvaluatePatientMonthSetupCheck(benchmark::State &state)
{
    const MonthFacts facts = patientMonth(false);
    for (auto _ : state) {
        Decision d = evaluate(facts);
        benchmark::DoNotOptimize(d);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_EvaluatePatientMonthSetupCheck);

void BM_ProgressPatientMonth(benchmark::State &state)
{
    const MonthFacts facts = patientMonth(true);
    for (auto _ : state) {
        MonthProgress p = progress(facts, 125, Date{2026, 3, 24});
        benchmark::DoNotOptimize(p);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ProgressPatientMonth);

} // namespace

BENCHMARK_MAIN();
