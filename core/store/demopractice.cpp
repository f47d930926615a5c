#include "demopractice.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include <QHash>
#include <QSqlDatabase>
#include <QTimeZone>

#include "clock.h"
#include "database.h"
#include "patientrepository.h"
#include "practicecalendar.h"
#include "readingrepository.h"
#include "settingsrepository.h"
#include "staffrepository.h"
#include "timerepository.h"

namespace vd {
using namespace Qt::Literals::StringLiterals;

namespace {

constexpr qint64 kDayMs = 86'400'000;
constexpr int kMinute = 60;
constexpr int kHour = 3600;
constexpr int kNoonSec = 12 * kHour;    // the demo's "now" on `today`
constexpr int kWorkOpenSec = 8 * kHour; // staff start logging time
constexpr int kWorkCloseSec = 17 * kHour + 1800;
constexpr int kGapSec = 60;        // minimum pause between one person's entries
constexpr int kChunkPatients = 40; // patients per batch of readings / time

// ----------------------------------------------------------------------------- randomness
// Our own generator (xoshiro256**, seeded through splitmix64) and our own distributions:
// the standard library's distributions differ between implementations, and the demo must
// be the same everywhere for the same seed.

quint64 splitMix64(quint64 &state)
{
    quint64 z = (state += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// An independent stream for (seed, a, b): patient a's stream b.
quint64 deriveSeed(quint64 seed, quint64 a, quint64 b)
{
    quint64 x = seed;
    x = splitMix64(x) ^ (a * 0xD1B54A32D192ED03ULL);
    x = splitMix64(x) ^ (b * 0x8CB92BA72F3D8DD7ULL);
    return splitMix64(x);
}

class Rng
{
public:
    explicit Rng(quint64 seed)
    {
        for (quint64 &s : m_s)
            s = splitMix64(seed);
    }

    quint64 next()
    {
        const quint64 result = rotl(m_s[1] * 5, 7) * 9;
        const quint64 t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }
    // [0, 1)
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    // [lo, hi], both included
    int range(int lo, int hi) { return lo + int(uniform() * double(hi - lo + 1)); }
    // [0, n)
    int below(std::size_t n) { return int(uniform() * double(n)); }
    bool chance(double p) { return uniform() < p; }
    double normal(double mean, double sd)
    {
        const double u1 = 1.0 - uniform(); // (0, 1]
        const double u2 = uniform();
        return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    template<typename T>
    void shuffle(std::vector<T> &v)
    {
        for (std::size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[std::size_t(below(i))]);
    }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    quint64 m_s[4];
};

// ----------------------------------------------------------------------------- clock

// The acting clock: pinned to the demo's "now", so created_at values are deterministic
// and the store's "not in the future" checks hold for everything generated.
class FixedClock final : public Clock
{
public:
    explicit FixedClock(qint64 nowMs)
        : m_now(QDateTime::fromMSecsSinceEpoch(nowMs, QTimeZone::utc()))
    {}
    QDateTime nowUtc() const override { return m_now; }
    qint64 monotonicMs() const override { return 0; }

private:
    QDateTime m_now;
};

// ----------------------------------------------------------------------------- days

// Practice-local wall-clock times -> UTC, through PracticeCalendar. The start of each
// day is looked up once; days of 24 hours (no DST change) then add the local time of day,
// and the two DST-change days per year ask the calendar for every instant.
class DayTable
{
public:
    DayTable(const PracticeCalendar &calendar, QDate first, QDate last)
        : m_calendar(calendar)
        , m_first(first)
    {
        const qint64 n = first.daysTo(last) + 2;
        m_starts.reserve(std::size_t(n));
        for (qint64 i = 0; i < n; ++i)
            m_starts.push_back(calendar.startOfDayUtcMs(first.addDays(i)));
    }

    qint64 at(QDate day, int secondOfDay) const
    {
        const std::size_t i = std::size_t(m_first.daysTo(day));
        if (m_starts[i + 1] - m_starts[i] == kDayMs)
            return m_starts[i] + qint64(secondOfDay) * 1000;
        return m_calendar.toUtcMs(day, QTime::fromMSecsSinceStartOfDay(secondOfDay * 1000));
    }

private:
    const PracticeCalendar &m_calendar;
    QDate m_first;
    std::vector<qint64> m_starts;
};

bool isWeekend(QDate d)
{
    return d.dayOfWeek() >= 6;
}

// ----------------------------------------------------------------------------- reference data

const char *const kFemaleNames[] = {
    "Mary",     "Patricia",  "Linda",     "Barbara",   "Elizabeth", "Jennifer", "Susan",
    "Margaret", "Dorothy",   "Lisa",      "Nancy",     "Karen",     "Betty",    "Helen",
    "Sandra",   "Donna",     "Carol",     "Ruth",      "Sharon",    "Michelle", "Laura",
    "Deborah",  "Shirley",   "Cynthia",   "Angela",    "Brenda",    "Anna",     "Rebecca",
    "Virginia", "Kathleen",  "Pamela",    "Martha",    "Debra",     "Carolyn",  "Christine",
    "Marie",    "Janet",     "Catherine", "Frances",   "Ann",       "Joyce",    "Diane",
    "Alice",    "Teresa",    "Doris",     "Gloria",    "Evelyn",    "Jean",     "Cheryl",
    "Mildred",  "Rosa",      "Maria",     "Guadalupe", "Mei",       "Aisha",    "Esperanza",
    "Yolanda",  "Gwendolyn", "Irene",     "Loretta"};
const char *const kMaleNames[] = {
    "James",   "John",    "Robert",  "Michael", "William", "David",  "Richard", "Joseph",
    "Thomas",  "Charles", "Daniel",  "Anthony", "Donald",  "Mark",   "Paul",    "Steven",
    "Andrew",  "Kenneth", "George",  "Kevin",   "Brian",   "Edward", "Ronald",  "Timothy",
    "Jeffrey", "Gary",    "Eric",    "Stephen", "Larry",   "Scott",  "Frank",   "Gregory",
    "Raymond", "Samuel",  "Patrick", "Dennis",  "Jerry",   "Tyrone", "Jose",    "Luis",
    "Carlos",  "Hiroshi", "Wei",     "Darnell", "Walter",  "Harold", "Eugene",  "Ralph",
    "Roy",     "Louis",   "Earl",    "Howard",  "Arthur",  "Albert", "Bernard", "Clarence"};
const char *const kFamilyNames[] = {
    "Smith",    "Johnson",   "Williams",   "Brown",     "Jones",      "Garcia",   "Miller",
    "Davis",    "Rodriguez", "Martinez",   "Hernandez", "Lopez",      "Gonzalez", "Wilson",
    "Anderson", "Thomas",    "Taylor",     "Moore",     "Jackson",    "Martin",   "Lee",
    "Perez",    "Thompson",  "White",      "Harris",    "Sanchez",    "Clark",    "Ramirez",
    "Lewis",    "Robinson",  "Walker",     "Young",     "Allen",      "King",     "Wright",
    "Scott",    "Torres",    "Nguyen",     "Hill",      "Flores",     "Green",    "Adams",
    "Nelson",   "Baker",     "Hall",       "Rivera",    "Campbell",   "Mitchell", "Carter",
    "Roberts",  "Gomez",     "Phillips",   "Evans",     "Turner",     "Diaz",     "Parker",
    "Cruz",     "Edwards",   "Collins",    "Reyes",     "Stewart",    "Morris",   "Morales",
    "Murphy",   "Cook",      "Rogers",     "Gutierrez", "Ortiz",      "Morgan",   "Cooper",
    "Peterson", "Bailey",    "Reed",       "Kelly",     "Howard",     "Ramos",    "Kim",
    "Cox",      "Ward",      "Richardson", "Watson",    "Brooks",     "Chavez",   "Wood",
    "Bennett",  "Gray",      "Mendoza",    "Ruiz",      "Hughes",     "Price",    "Alvarez",
    "Castillo", "Sanders",   "Patel",      "Myers",     "Long",       "Ross",     "Foster",
    "Jimenez",  "Kowalski",  "Novak",      "Olson",     "Lindqvist",  "Okafor",   "Haddad",
    "Nakamura", "Schultz",   "O'Brien",    "Dubois",    "Washington", "Becker",   "Hoffman"};
const char *const kAreaCodes[] = {"312", "773", "630", "708", "815", "847", "224", "331"};

template<std::size_t N>
QString pick(Rng &rng, const char *const (&list)[N])
{
    return QString::fromUtf8(list[rng.below(N)]);
}

enum Condition : unsigned
{
    kHypertension = 1,
    kDiabetes = 2,
    kHeartFailure = 4,
    kCopd = 8,
    kObesity = 16,
};

struct ConditionMix
{
    unsigned conditions;
    int weight;
};

const ConditionMix kConditionMixes[] = {
    {kHypertension, 30},
    {kHypertension | kDiabetes, 19},
    {kDiabetes, 9},
    {kHeartFailure | kHypertension, 7},
    {kHeartFailure, 5},
    {kCopd, 6},
    {kCopd | kHypertension, 5},
    {kHypertension | kObesity, 8},
    {kDiabetes | kObesity, 5},
    {kHeartFailure | kCopd, 3},
    {kHypertension | kDiabetes | kHeartFailure, 3},
};

enum class DeviceKind
{
    BloodPressure,
    Scale,
    Glucometer,
    Oximeter
};

struct DeviceModel
{
    const char *model;
    const char *serialPrefix;
};

const DeviceModel kBpModels[] = {{"Omron BP7250", "OM72"},
                                 {"Omron BP7450 Cellular", "OM74"},
                                 {"A&D UA-651BLE", "AD65"},
                                 {"Withings BPM Connect", "WBPM"},
                                 {"Tenovi BPM-800", "TBP8"}};
const DeviceModel kScaleModels[] = {{"Withings Body+", "WBDY"},
                                    {"A&D UC-352BLE", "AD35"},
                                    {"BodyTrace BT003", "BTSC"},
                                    {"Smart Meter iScale", "SMIS"}};
const DeviceModel kGlucometerModels[] = {{"Smart Meter iGlucose", "SMIG"},
                                         {"Tenovi Glucometer", "TGLU"},
                                         {"Accu-Chek Guide Me", "ACGM"},
                                         {"Contour Next One", "CNO1"}};
const DeviceModel kOximeterModels[] = {
    {"Nonin 3230", "NN32"}, {"Masimo MightySat", "MSAT"}, {"Smart Meter iPulseOx", "SMPO"}};
// The exceptions the rules must catch.
const DeviceModel kConsumerScale = {"FitTrack Dara (consumer scale)", "FTDA"};
const DeviceModel kUnconnectedGlucometer = {"Contour Next (no connectivity)", "CNXT"};

// An NPI's check digit is Luhn over "80840" + the first nine digits.
QString npiWithCheckDigit(quint64 firstNine)
{
    const QString digits = QString::number(firstNine);
    int sum = 24; // the digits of the 80840 prefix, as Luhn weighs them
    for (int i = 0; i < 9; ++i) {
        int d = digits.at(8 - i).digitValue();
        if (i % 2 == 0) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return digits + QString::number((10 - sum % 10) % 10);
}

// ----------------------------------------------------------------------------- plans

enum class Adherence
{
    High,
    Medium,
    Low,
    Stopped
};
enum class MonthStatus
{
    None,
    Far,
    Close,
    NoCall,
    Done
};
enum class ContactKind
{
    None,
    Connected,
    Attempt,
    Voicemail
};
enum Activity
{
    kDataReview,
    kCall,
    kCarePlan,
    kCareCoordination,
    kDocumentation,
    kActivityCount
};

struct PlannedDevice
{
    DeviceKind kind = DeviceKind::BloodPressure;
    Device record;
};

// Everything decided about a patient before the heavy data is generated.
struct PatientPlan
{
    int index = 0; // 0-based position; MRN and external ids derive from it
    Patient patient;
    unsigned conditions = 0;
    Episode rpm;
    std::optional<Episode> rtm;
    std::vector<PlannedDevice> devices;
    QDate dataStart; // first day with readings
    Adherence adherence = Adherence::High;
    MonthStatus currentStatus = MonthStatus::Far;
    int nurse = 0;        // index into the staff list: the patient's care manager
    int practitioner = 0; // index into the staff list: billing practitioner
    bool newPatient = false;
    bool crisis = false;
    bool hypoglycaemia = false;
    bool manualReadings = false;
    bool ccm = false;
    bool noConsent = false;
    bool consumerScale = false;
    bool unconnectedGlucometer = false;
};

struct PlannedStaff
{
    StaffMember member;
    StaffId id = 0;
};

struct Part
{
    Activity activity = kDataReview;
    int seconds = 0;
    ContactKind contact = ContactKind::None;
};

struct Session
{
    std::vector<Part> parts;
    int staff = 0;
    bool call = false;
    bool ccm = false;
    QDate day;
};

struct PendingContact
{
    Contact contact;
    qint64 entryIndex = -1; // index into the chunk's entries, or -1
};

// Each staff member's booked time, per day, as seconds of the local day. Nobody logs two
// entries at once: overlapping time is a compliance warning.
class StaffTimeline
{
public:
    StaffTimeline(int staffCount, QDate first, QDate last)
        : m_first(first)
        , m_days(first.daysTo(last) + 1)
        , m_busy(std::size_t(staffCount) * std::size_t(m_days))
    {}

    // Books `seconds` at or after `preferred` (else as early as possible) within
    // [open, close). Returns the start second, or -1 when the day is full.
    int book(int staff, QDate day, int preferred, int seconds, int open, int close)
    {
        auto &busy =
            m_busy[std::size_t(staff) * std::size_t(m_days) + std::size_t(m_first.daysTo(day))];
        const auto firstFit = [&](int from) {
            int start = from;
            for (const auto &[s, e] : busy) {
                if (e + kGapSec <= start)
                    continue;
                if (start + seconds + kGapSec <= s)
                    break;
                start = std::max(start, e + kGapSec);
            }
            return start + seconds <= close ? start : -1;
        };
        int start = firstFit(std::clamp(preferred, open, close));
        if (start < 0)
            start = firstFit(open);
        if (start < 0)
            return -1;
        const std::pair<int, int> slot{start, start + seconds};
        busy.insert(std::upper_bound(busy.begin(), busy.end(), slot), slot);
        return start;
    }

private:
    QDate m_first;
    qint64 m_days;
    std::vector<std::vector<std::pair<int, int>>> m_busy;
};

// Per-patient physiology: baselines, slow trends and the events that raise alerts.
struct Swing
{
    QDate start;
    int rise = 0;
    int fall = 0;
    double perDay = 0;

    double effect(QDate day) const
    {
        const qint64 d = start.daysTo(day);
        if (d < 0 || d >= rise + fall)
            return 0;
        if (d < rise)
            return double(d + 1) * perDay;
        return double(rise) * perDay * (1.0 - double(d - rise + 1) / double(fall + 1));
    }
};

struct Physiology
{
    double systolic = 124;
    double diastolic = 78;
    double systolicTrend = 0; // per day
    double systolicTrendCap = 0;
    double heartRate = 72;
    double weight = 80;
    double weightTrend = 0;
    double weightTrendCap = 0;
    double fasting = 120;
    double fastingTrend = 0;
    double fastingTrendCap = 0;
    double mealRise = 50;
    double spo2 = 96;
    std::vector<QDate> crisisDays;
    double hypoChance = 0;
    std::vector<Swing> weightGains;
    std::vector<Swing> spo2Dips;
};

double trend(double perDay, double cap, qint64 days)
{
    const double v = perDay * double(days);
    return cap < 0 ? std::max(v, cap) : std::min(v, cap);
}

double clampRound(double v, double lo, double hi, double step = 1.0)
{
    return std::clamp(std::round(v / step) * step, lo, hi);
}

bool containsDate(const std::vector<QDate> &list, QDate day)
{
    return std::find(list.begin(), list.end(), day) != list.end();
}

// ----------------------------------------------------------------------------- generator

class DemoGenerator
{
public:
    DemoGenerator(QSqlDatabase db, const DemoOptions &options, const PracticeCalendar &calendar,
                  QDate today, const Clock &clock, const DemoProgress &progress)
        : m_db(std::move(db))
        , m_options(options)
        , m_today(today)
        , m_firstDay(QDate(today.year(), today.month(), 1).addMonths(-(options.months - 1)))
        , m_nowMs(clock.nowUtcMs())
        , m_clock(clock)
        , m_progress(progress)
        , m_days(calendar, m_firstDay.addDays(-31), today)
        , m_practiceRng(deriveSeed(options.seed, 0, 0))
    {
        initTexts();
    }

    Result<DemoSummary> run();

private:
    Status setUpPractice();
    void addStaff(const QString &name, const QString &credential, const QString &username,
                  std::vector<int> *group);
    void planPatients();
    void planPatientProfile(PatientPlan &plan);
    void planEpisode(PatientPlan &plan, Rng &rng);
    void planDevices(PatientPlan &plan, Rng &rng);
    void assignCurrentMonthStatuses();
    Status writeChunk(int first, int end);
    Status writePatient(PatientPlan &plan);
    void generateReadings(const PatientPlan &plan, std::vector<Reading> &out);
    void generateTime(const PatientPlan &plan, std::vector<TimeEntry> &entries,
                      std::vector<PendingContact> &contacts);
    void planMonth(const PatientPlan &plan, Rng &rng, MonthStatus status, bool current,
                   std::vector<Session> &sessions, int &messages);
    void scheduleSessions(const PatientPlan &plan, Rng &rng, std::vector<Session> &sessions,
                          const std::vector<QDate> &days, std::vector<TimeEntry> &entries,
                          std::vector<PendingContact> &contacts);
    int otherClinical(Rng &rng, int besides);
    int closeOf(QDate day) const { return day == m_today ? kNoonSec : kWorkCloseSec; }
    void initTexts();

    QSqlDatabase m_db;
    const DemoOptions &m_options;
    const QDate m_today;
    const QDate m_firstDay;
    const qint64 m_nowMs;
    const Clock &m_clock;
    const DemoProgress &m_progress;
    DayTable m_days;
    Rng m_practiceRng;

    std::vector<PlannedStaff> m_staff;
    std::vector<int> m_rns, m_lpns, m_mas, m_physicians, m_nps;
    std::vector<int> m_clinicalPool; // care managers, RNs weighted
    int m_admin = -1;
    std::vector<PatientPlan> m_patients;
    std::optional<StaffTimeline> m_timeline;
    int m_deviceSerial = 0;
    DemoSummary m_summary;
    qint64 m_unbooked = 0;
    bool m_cancelled = false;

    // Shared strings, so millions of rows share a handful of allocations.
    QString m_kindBp = u"bp"_s, m_kindHr = u"heart_rate"_s, m_kindWeight = u"weight"_s,
            m_kindGlucose = u"glucose"_s, m_kindSpo2 = u"spo2"_s, m_kindBattery = u"battery"_s;
    QString m_unitMmHg = u"mm[Hg]"_s, m_unitPerMin = u"/min"_s, m_unitKg = u"kg"_s,
            m_unitMgDl = u"mg/dL"_s, m_unitPercent = u"%"_s;
    QString m_device = u"device"_s, m_manual = u"manual"_s, m_demo = u"demo"_s;
    QString m_rpm = u"RPM"_s, m_ccm = u"CCM"_s, m_timer = u"timer"_s;
    QString m_phone = u"phone"_s, m_video = u"video"_s, m_voicemail = u"voicemail"_s,
            m_sms = u"sms"_s, m_portal = u"portal"_s, m_patientCounterpart = u"patient"_s,
            m_caregiver = u"caregiver"_s;
    QString m_activities[kActivityCount];
    std::vector<QString> m_notes[kActivityCount];
    std::vector<QString> m_ccmNotes, m_manualReasons, m_callSummaries, m_attemptSummaries,
        m_voicemailSummaries, m_messageSummaries, m_treatmentChanges;
};

void DemoGenerator::initTexts()
{
    m_activities[kDataReview] = u"data_review"_s;
    m_activities[kCall] = u"call"_s;
    m_activities[kCarePlan] = u"care_plan"_s;
    m_activities[kCareCoordination] = u"care_coordination"_s;
    m_activities[kDocumentation] = u"documentation"_s;
    m_notes[kDataReview] = {u"Reviewed home readings and 7-day trend"_s,
                            u"Reviewed transmitted readings; no action needed"_s,
                            u"Reviewed readings against care-plan targets"_s,
                            u"Reviewed alert and recent trend"_s};
    m_notes[kCall] = {u"Telephone follow-up on home readings"_s};
    m_notes[kCarePlan] = {u"Updated care-plan goals with patient's readings"_s,
                          u"Reviewed targets and medication plan with practitioner"_s,
                          u"Adjusted monitoring schedule in care plan"_s};
    m_notes[kCareCoordination] = {
        u"Coordinated refill with pharmacy"_s, u"Sent readings summary to specialist"_s,
        u"Arranged device replacement with vendor"_s, u"Coordinated follow-up appointment"_s};
    m_notes[kDocumentation] = {u"Documented call and plan in chart"_s,
                               u"Documented review and patient education"_s};
    m_ccmNotes = {u"CCM: medication reconciliation"_s, u"CCM: care coordination with home health"_s,
                  u"CCM: comprehensive care plan review"_s};
    m_manualReasons = {u"Timer not started; time taken from the phone log"_s,
                       u"Entered after EHR downtime"_s,
                       u"Documented on paper during clinic network outage"_s};
    m_callSummaries = {u"Discussed readings, symptoms and medication adherence; no red flags"_s,
                       u"Reviewed recent high readings; reinforced low-sodium diet"_s,
                       u"Reviewed readings trend; patient reports feeling well"_s,
                       u"Discussed missed readings and device troubleshooting"_s,
                       u"Reviewed alert readings; symptoms assessed, plan confirmed"_s};
    m_attemptSummaries = {u"Outreach call, no answer"_s, u"Call attempted, line busy"_s};
    m_voicemailSummaries = {u"Left voicemail asking patient to call back"_s};
    m_messageSummaries = {u"Reminder to take daily readings"_s, u"Sent monthly readings summary"_s,
                          u"Asked patient to check device batteries"_s};
    m_treatmentChanges = {u"Lisinopril increased per practitioner order"_s,
                          u"Amlodipine added per practitioner order"_s,
                          u"Metformin timing moved to evening meal"_s,
                          u"Extra furosemide dose for 2 days per HF protocol"_s,
                          u"Rescue inhaler technique reviewed; plan unchanged"_s};
}

void DemoGenerator::addStaff(const QString &name, const QString &credential,
                             const QString &username, std::vector<int> *group)
{
    PlannedStaff s;
    s.member.displayName = name;
    s.member.credential = credential;
    s.member.username = username;
    if (StaffRepository::isPractitioner(credential))
        s.member.npi = npiWithCheckDigit(quint64(m_practiceRng.range(100'000'000, 199'999'999)));
    if (group)
        group->push_back(int(m_staff.size()));
    m_staff.push_back(std::move(s));
}

Status DemoGenerator::setUpPractice()
{
    // The roster: the spec's small practice, with care managers (and a practitioner team
    // per extra thousand patients) added as the panel grows.
    const int n = m_options.patients;
    const int rnCount = n <= 60 ? 3 : std::max(4, (n + 119) / 120);
    const int lpnCount = std::max(1, n / 500);
    const int maCount = std::max(1, n / 500);
    const int teams = 1 + (n - 1) / 1000;

    m_admin = int(m_staff.size());
    addStaff(u"Practice Administrator"_s, u"ADMIN"_s, u"admin"_s, nullptr);
    addStaff(u"Diane Mercer"_s, u"MANAGER"_s, u"dmercer"_s, nullptr);
    addStaff(u"Robert Hargrove"_s, u"MD"_s, u"rhargrove"_s, &m_physicians);
    addStaff(u"Priya Raman"_s, u"DO"_s, u"praman"_s, &m_physicians);
    addStaff(u"Emily Foster"_s, u"NP"_s, u"efoster"_s, &m_nps);
    const QString knownRns[][2] = {{u"Maria Alvarez"_s, u"malvarez"_s},
                                   {u"James Okafor"_s, u"jokafor"_s},
                                   {u"Linda Chen"_s, u"lchen"_s},
                                   {u"Sarah Whitfield"_s, u"swhitfield"_s}};
    int generated = 0;
    const auto generatedName = [&](QString *username) -> QString {
        const bool female = m_practiceRng.chance(0.7);
        const QString given =
            female ? pick(m_practiceRng, kFemaleNames) : pick(m_practiceRng, kMaleNames);
        const QString family = pick(m_practiceRng, kFamilyNames);
        QString user = given.left(1).toLower() + family.toLower();
        user.removeIf([](QChar c) { return !c.isLetter(); });
        *username = user + QString::number(++generated);
        return given + u' ' + family;
    };
    for (int i = 0; i < rnCount; ++i) {
        QString user;
        const QString name = i < 4 ? knownRns[i][0] : generatedName(&user);
        addStaff(name, u"RN"_s, i < 4 ? knownRns[i][1] : user, &m_rns);
    }
    addStaff(u"Tasha Reynolds"_s, u"LPN"_s, u"treynolds"_s, &m_lpns);
    for (int i = 1; i < lpnCount; ++i) {
        QString user;
        const QString name = generatedName(&user);
        addStaff(name, u"LPN"_s, user, &m_lpns);
    }
    addStaff(u"Kevin Nguyen"_s, u"MA"_s, u"knguyen"_s, &m_mas);
    for (int i = 1; i < maCount; ++i) {
        QString user;
        const QString name = generatedName(&user);
        addStaff(name, u"MA"_s, user, &m_mas);
    }
    for (int t = 1; t < teams; ++t) {
        for (const QString &credential : {u"MD"_s, u"DO"_s, u"NP"_s}) {
            QString user;
            const QString name = generatedName(&user);
            addStaff(name, credential, user, credential == u"NP"_s ? &m_nps : &m_physicians);
        }
    }
    // Care managers: RNs carry most patients, the LPN and MA fewer.
    for (int rn : m_rns)
        m_clinicalPool.insert(m_clinicalPool.end(), 4, rn);
    for (int lpn : m_lpns)
        m_clinicalPool.insert(m_clinicalPool.end(), 2, lpn);
    for (int ma : m_mas)
        m_clinicalPool.insert(m_clinicalPool.end(), 2, ma);

    StaffRepository staff(m_db, m_clock);
    for (std::size_t i = 0; i < m_staff.size(); ++i) {
        const StaffId actor = i == 0 ? 0 : m_staff[std::size_t(m_admin)].id;
        Result<StaffId> id = staff.add(actor, m_staff[i].member);
        if (!id)
            return fail(id.error());
        m_staff[i].id = *id;
    }
    m_summary.staff = qint64(m_staff.size());

    const StaffId admin = m_staff[std::size_t(m_admin)].id;
    SettingsRepository settings(m_db, m_clock);
    if (Status s =
            settings.setValue(admin, SettingsRepository::kPracticeName, m_options.practiceName);
        !s)
        return s;
    if (Status s = settings.setValue(admin, SettingsRepository::kTimeZone, m_options.timeZone); !s)
        return s;
    return success();
}

void DemoGenerator::planPatientProfile(PatientPlan &plan)
{
    Rng rng(deriveSeed(m_options.seed, quint64(plan.index) + 1, 0));
    Patient &p = plan.patient;
    const bool female = rng.chance(0.54);
    p.sex = female ? u"female"_s : u"male"_s;
    p.givenName = female ? pick(rng, kFemaleNames) : pick(rng, kMaleNames);
    p.familyName = pick(rng, kFamilyNames);
    p.mrn = u"MRN-%1"_s.arg(plan.index + 1, 6, 10, QChar(u'0'));
    // Mostly Medicare age: born 1935-1960, some younger (1961-1975).
    const QDate from = rng.chance(0.85) ? QDate(1935, 1, 1) : QDate(1961, 1, 1);
    const QDate to = from.year() == 1935 ? QDate(1960, 12, 31) : QDate(1975, 12, 31);
    p.birthDate = from.addDays(rng.range(0, int(from.daysTo(to))));
    p.phone =
        u"(%1) 555-01%2"_s.arg(pick(rng, kAreaCodes)).arg(rng.range(0, 99), 2, 10, QChar(u'0'));

    int total = 0;
    for (const ConditionMix &m : kConditionMixes)
        total += m.weight;
    int r = rng.range(1, total);
    for (const ConditionMix &m : kConditionMixes) {
        r -= m.weight;
        if (r <= 0) {
            plan.conditions = m.conditions;
            break;
        }
    }
    if ((plan.conditions & (kHypertension | kDiabetes)) && rng.chance(0.08))
        plan.conditions |= kObesity;
}

void DemoGenerator::planEpisode(PatientPlan &plan, Rng &rng)
{
    Episode &e = plan.rpm;
    e.program = m_rpm;
    QStringList &codes = e.conditions;
    if (plan.conditions & kHypertension)
        codes << u"I10"_s;
    if (plan.conditions & kDiabetes)
        codes << (rng.chance(0.35) ? u"E11.65"_s : u"E11.9"_s);
    if (plan.conditions & kHeartFailure)
        codes << (rng.chance(0.4) ? u"I50.22"_s : u"I50.9"_s);
    if (plan.conditions & kCopd)
        codes << u"J44.9"_s;
    if (plan.conditions & kObesity)
        codes << u"E66.9"_s;

    const StaffId practitioner = m_staff[std::size_t(plan.practitioner)].id;
    e.billingStaffId = practitioner;
    e.orderingStaffId = practitioner;
    if (rng.chance(0.15) && m_physicians.size() > 1)
        e.orderingStaffId =
            m_staff[std::size_t(m_physicians[std::size_t(rng.below(m_physicians.size()))])].id;
    e.orderDate = e.monitoringStart.addDays(-rng.range(3, 14));
    if (!plan.noConsent) {
        e.consentDate = e.orderDate.addDays(rng.range(0, 2));
        const double how = rng.uniform();
        e.consentMethod = how < 0.6 ? u"verbal"_s : how < 0.95 ? u"written"_s : u"electronic"_s;
        e.consentObtainedBy = m_staff[std::size_t(m_rns[std::size_t(rng.below(m_rns.size()))])].id;
    }
    const QDate visit = e.orderDate.addDays(-rng.range(0, 300));
    e.establishedEvidence = (rng.chance(0.8) ? u"office visit %1"_s : u"annual wellness visit %1"_s)
                                .arg(visit.toString(Qt::ISODate));
    const QString setupBy = m_staff[std::size_t(plan.nurse)].member.displayName;
    e.setupNote = u"Devices set up and patient educated on use and transmission by %1 on %2"_s.arg(
        setupBy, e.monitoringStart.toString(Qt::ISODate));
}

void DemoGenerator::planDevices(PatientPlan &plan, Rng &rng)
{
    const auto add = [&](DeviceKind kind, const DeviceModel &model, bool fda, bool automatic) {
        PlannedDevice d;
        d.kind = kind;
        d.record.kind = kind == DeviceKind::BloodPressure ? u"bp_monitor"_s
                        : kind == DeviceKind::Scale       ? u"scale"_s
                        : kind == DeviceKind::Glucometer  ? u"glucometer"_s
                                                          : u"pulse_oximeter"_s;
        d.record.model = QString::fromUtf8(model.model);
        // A bijection of the running number (48271 is prime to 10^8): unique serials
        // that do not look sequential.
        const quint64 number =
            (quint64(++m_deviceSerial) * 48271ULL + 1'234'567ULL) % 100'000'000ULL;
        d.record.serial = QString::fromLatin1(model.serialPrefix) + u'-' +
                          u"%1"_s.arg(number, 8, 10, QChar(u'0'));
        d.record.fdaCleared = fda;
        d.record.autoTransmit = automatic;
        d.record.assignedOn = plan.rpm.monitoringStart;
        plan.devices.push_back(std::move(d));
    };
    const auto choose = [&](const auto &list) -> const DeviceModel & {
        return list[std::size_t(rng.below(std::size(list)))];
    };
    const unsigned c = plan.conditions;
    if (c & (kHypertension | kHeartFailure))
        add(DeviceKind::BloodPressure, choose(kBpModels), true, true);
    if (c & kDiabetes) {
        if (plan.unconnectedGlucometer)
            add(DeviceKind::Glucometer, kUnconnectedGlucometer, true, false);
        else
            add(DeviceKind::Glucometer, choose(kGlucometerModels), true, true);
    }
    if (c & (kHeartFailure | kObesity)) {
        if (plan.consumerScale)
            add(DeviceKind::Scale, kConsumerScale, false, true);
        else
            add(DeviceKind::Scale, choose(kScaleModels), true, true);
    }
    if ((c & kCopd) || ((c & kHeartFailure) && rng.chance(0.5)))
        add(DeviceKind::Oximeter, choose(kOximeterModels), true, true);
}

void DemoGenerator::planPatients()
{
    const int n = m_options.patients;
    m_patients.resize(std::size_t(n));
    for (int i = 0; i < n; ++i) {
        m_patients[std::size_t(i)].index = i;
        planPatientProfile(m_patients[std::size_t(i)]);
    }

    // Practice-wide quotas, shuffled, so every run has the mix whatever the seed.
    Rng &rng = m_practiceRng;
    std::vector<int> order(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i)
        order[std::size_t(i)] = i;
    rng.shuffle(order);
    std::size_t next = 0;
    // Applies to `count` accepted patients, walking the shuffled order on from where the
    // previous quota stopped, so different exceptions land on different patients.
    const auto take = [&](int count, auto &&accept, auto &&apply) {
        const std::size_t from = next;
        for (std::size_t k = 0; k < order.size() && count > 0; ++k) {
            const std::size_t at = (from + k) % order.size();
            PatientPlan &p = m_patients[std::size_t(order[at])];
            if (accept(p)) {
                apply(p);
                --count;
                next = (at + 1) % order.size();
            }
        }
    };
    const auto any = [](const PatientPlan &) { return true; };
    const auto scaled = [n](double share, int atLeast) {
        return std::max(atLeast, int(std::lround(double(n) * share)));
    };
    const int few = n >= 10 ? 1 : 0;

    // Enrolments: most before the window, some during it (a few this month: 99453).
    const int newCount = n >= 5 ? scaled(0.12, 1) : 0;
    const QDate monthStart(m_today.year(), m_today.month(), 1);
    const bool thisMonthPossible = m_today.day() >= 2;
    int thisMonth = thisMonthPossible ? std::max(1, newCount / 4) : 0;
    if (m_options.months == 1)
        thisMonth = thisMonthPossible ? newCount : 0;
    int enrolled = 0;
    take(
        newCount, [](const PatientPlan &p) { return !p.newPatient; },
        [&](PatientPlan &p) {
            p.newPatient = true;
            QDate from = m_firstDay;
            QDate to = monthStart.addDays(-1);
            if (enrolled++ < thisMonth || to < from) {
                from = monthStart;
                to = m_today.addDays(-1);
            }
            if (to < from)
                to = from;
            p.rpm.monitoringStart = from.addDays(rng.range(0, int(from.daysTo(to))));
        });
    for (PatientPlan &p : m_patients) {
        if (!p.newPatient)
            p.rpm.monitoringStart = m_firstDay.addDays(-rng.range(20, 540));
        // Enrolment visits happen on weekdays: the next one, or the one before when the
        // next is after today.
        QDate &start = p.rpm.monitoringStart;
        QDate weekday = start;
        while (isWeekend(weekday))
            weekday = weekday.addDays(1);
        if (weekday > m_today) {
            weekday = start;
            while (isWeekend(weekday))
                weekday = weekday.addDays(-1);
        }
        start = weekday;
    }

    // Adherence classes: ~55% high, 25% medium, 10% low/erratic, 10% stopped.
    {
        std::vector<Adherence> classes;
        const int high = int(std::lround(n * 0.55));
        const int medium = int(std::lround(n * 0.25));
        const int low = int(std::lround(n * 0.10));
        for (int i = 0; i < n; ++i)
            classes.push_back(i < high                  ? Adherence::High
                              : i < high + medium       ? Adherence::Medium
                              : i < high + medium + low ? Adherence::Low
                                                        : Adherence::Stopped);
        rng.shuffle(classes);
        for (int i = 0; i < n; ++i)
            m_patients[std::size_t(i)].adherence = classes[std::size_t(i)];
    }

    // Care team.
    for (PatientPlan &p : m_patients) {
        p.nurse = m_clinicalPool[std::size_t(rng.below(m_clinicalPool.size()))];
        const int team = rng.below(m_nps.size());
        const double who = rng.uniform();
        p.practitioner = who < 0.45  ? m_physicians[std::size_t(2 * team)]
                         : who < 0.8 ? m_physicians[std::size_t(2 * team + 1)]
                                     : m_nps[std::size_t(team)];
    }

    // The exceptions the rules must catch, and the alerts the nurses must see.
    take(n >= 10 ? scaled(1.0 / 40, 1) : 0, any, [](PatientPlan &p) { p.noConsent = true; });
    take(
        few ? scaled(0.01, 1) : 0, [](const PatientPlan &p) { return !p.noConsent && !p.rtm; },
        [&](PatientPlan &p) {
            // Also enrolled in remote therapeutic monitoring (knee osteoarthritis),
            // overlapping the RPM episode during the window.
            Episode rtm;
            rtm.program = u"RTM"_s;
            rtm.monitoringStart = std::max(m_firstDay, p.rpm.monitoringStart).addDays(3);
            if (rtm.monitoringStart > m_today)
                rtm.monitoringStart = m_today;
            rtm.orderDate = rtm.monitoringStart.addDays(-5);
            rtm.consentDate = rtm.orderDate;
            rtm.consentMethod = u"verbal"_s;
            rtm.establishedEvidence =
                u"office visit %1"_s.arg(rtm.orderDate.addDays(-10).toString(Qt::ISODate));
            rtm.setupNote = u"Therapy adherence app set up by physical therapy"_s;
            rtm.conditions = {u"M17.11"_s};
            p.rtm = rtm;
        });
    take(
        few ? scaled(0.01, 1) : 0,
        [](const PatientPlan &p) { return (p.conditions & (kHeartFailure | kObesity)) != 0; },
        [](PatientPlan &p) { p.consumerScale = true; });
    take(
        few ? scaled(0.01, 1) : 0,
        [](const PatientPlan &p) { return (p.conditions & kDiabetes) != 0; },
        [](PatientPlan &p) { p.unconnectedGlucometer = true; });
    take(
        few ? scaled(0.05, 1) : 0,
        [](const PatientPlan &p) {
            return (p.conditions & (kHypertension | kHeartFailure)) != 0 &&
                   p.adherence != Adherence::Low;
        },
        [](PatientPlan &p) { p.crisis = true; });
    take(
        few ? scaled(0.05, 1) : 0,
        [](const PatientPlan &p) { return (p.conditions & kDiabetes) != 0; },
        [](PatientPlan &p) { p.hypoglycaemia = true; });
    take(
        few ? scaled(0.08, 1) : 0,
        [](const PatientPlan &p) {
            return (p.conditions & (kHypertension | kHeartFailure | kDiabetes)) != 0;
        },
        [](PatientPlan &p) { p.manualReadings = true; });
    take(
        few ? scaled(0.08, 1) : 0, [](const PatientPlan &p) { return !p.rtm; },
        [](PatientPlan &p) { p.ccm = true; });

    for (PatientPlan &p : m_patients) {
        Rng prng(deriveSeed(m_options.seed, quint64(p.index) + 1, 1));
        planEpisode(p, prng);
        if (p.rtm) {
            p.rtm->orderingStaffId = p.rpm.orderingStaffId;
            p.rtm->billingStaffId = p.rpm.billingStaffId;
            p.rtm->consentObtainedBy = m_staff[std::size_t(m_rns.front())].id;
        }
        planDevices(p, prng);
        // Readings from the start of the 30-day device period holding the first demo day,
        // so that period is complete.
        const qint64 since = p.rpm.monitoringStart.daysTo(m_firstDay);
        p.dataStart =
            since > 0 ? p.rpm.monitoringStart.addDays((since / 30) * 30) : p.rpm.monitoringStart;
    }
    assignCurrentMonthStatuses();
}

void DemoGenerator::assignCurrentMonthStatuses()
{
    std::vector<PatientPlan *> active;
    for (PatientPlan &p : m_patients) {
        if (p.rpm.monitoringStart <= m_today)
            active.push_back(&p);
    }
    const int n = int(active.size());
    const double elapsed = double(m_today.day()) / double(m_today.daysInMonth());
    int done = int(std::lround(n * std::min(0.65, 0.06 + 0.7 * elapsed)));
    int close = int(std::lround(n * 0.14));
    int noCall = int(std::lround(n * 0.12));
    if (n >= 8) {
        done = std::max(done, 1);
        close = std::max(close, 1);
        noCall = std::max(noCall, 1);
    }
    std::vector<MonthStatus> statuses;
    for (int i = 0; i < n; ++i)
        statuses.push_back(i < done                    ? MonthStatus::Done
                           : i < done + close          ? MonthStatus::Close
                           : i < done + close + noCall ? MonthStatus::NoCall
                                                       : MonthStatus::Far);
    m_practiceRng.shuffle(statuses);
    for (int i = 0; i < n; ++i)
        active[std::size_t(i)]->currentStatus = statuses[std::size_t(i)];
}

Status DemoGenerator::writePatient(PatientPlan &plan)
{
    const StaffId admin = m_staff[std::size_t(m_admin)].id;
    PatientRepository patients(m_db, m_clock);
    Result<PatientId> id = patients.add(admin, plan.patient);
    if (!id)
        return fail(id.error());
    plan.patient.id = *id;
    plan.rpm.patientId = *id;
    if (Result<qint64> e = patients.addEpisode(admin, plan.rpm); !e)
        return fail(e.error());
    else
        plan.rpm.id = *e;
    ++m_summary.episodes;
    if (plan.rtm) {
        plan.rtm->patientId = *id;
        if (Result<qint64> e = patients.addEpisode(admin, *plan.rtm); !e)
            return fail(e.error());
        ++m_summary.episodes;
    }
    for (PlannedDevice &d : plan.devices) {
        d.record.patientId = *id;
        Result<qint64> deviceId = patients.addDevice(admin, d.record);
        if (!deviceId)
            return fail(deviceId.error());
        d.record.id = *deviceId;
        ++m_summary.devices;
    }
    ++m_summary.patients;
    return success();
}

void DemoGenerator::generateReadings(const PatientPlan &plan, std::vector<Reading> &out)
{
    Rng rng(deriveSeed(m_options.seed, quint64(plan.index) + 1, 2));
    const unsigned c = plan.conditions;
    const bool poorlyControlled = plan.rpm.conditions.contains(u"E11.65"_s);

    // Baselines and trends.
    Physiology ph;
    if (c & kHypertension) {
        ph.systolic = std::clamp(rng.normal(148, 10), 128.0, 172.0);
        ph.diastolic = std::clamp(rng.normal(88, 6), 76.0, 100.0);
        ph.systolicTrend = rng.uniform(-0.15, 0.03);
        ph.systolicTrendCap = ph.systolicTrend < 0 ? -rng.uniform(6, 18) : rng.uniform(2, 8);
    } else {
        ph.systolic = std::clamp(rng.normal(120, 8), 100.0, 138.0);
        ph.diastolic = std::clamp(rng.normal(74, 5), 60.0, 85.0);
    }
    ph.heartRate = std::clamp(rng.normal((c & kHeartFailure) ? 80 : 72, 7), 56.0, 96.0);
    if (c & kObesity) {
        ph.weight = std::clamp(rng.normal(114, 14), 92.0, 170.0);
        ph.weightTrend = -rng.uniform(0.005, 0.04);
        ph.weightTrendCap = -rng.uniform(2, 9);
    } else {
        ph.weight = std::clamp(rng.normal(84, 14), 52.0, 140.0);
    }
    ph.fasting = poorlyControlled ? std::clamp(rng.normal(178, 22), 145.0, 240.0)
                                  : std::clamp(rng.normal(126, 14), 98.0, 160.0);
    ph.fastingTrend = -rng.uniform(0, 0.08);
    ph.fastingTrendCap = -rng.uniform(0, 25);
    ph.mealRise = poorlyControlled ? rng.uniform(55, 115) : rng.uniform(30, 75);
    ph.spo2 = (c & kCopd) ? std::clamp(rng.normal(93, 1.2), 90.5, 95.5)
                          : std::clamp(rng.normal(96, 1), 94.0, 98.5);

    // Adherence.
    double dayChance = 0;
    QDate lastDay = m_today;
    switch (plan.adherence) {
    case Adherence::High:
        dayChance = rng.uniform(0.78, 0.97);
        break;
    case Adherence::Medium:
        dayChance = rng.uniform(0.18, 0.42);
        break;
    case Adherence::Low:
        dayChance = 0; // bursts, below
        break;
    case Adherence::Stopped:
        dayChance = rng.uniform(0.55, 0.9);
        lastDay = m_today.addDays(-rng.range(4, 20));
        break;
    }
    const QDate firstEventDay = std::max(plan.dataStart, m_firstDay);
    const int eventSpan = std::max<int>(1, int(firstEventDay.daysTo(m_today)));
    if (plan.crisis) {
        // On a day the patient still transmits, before today.
        const QDate lastCrisisDay = std::min(lastDay, m_today.addDays(-1));
        const int span = std::max<int>(1, int(firstEventDay.daysTo(lastCrisisDay)) + 1);
        const int count = rng.range(1, 2);
        for (int i = 0; i < count; ++i)
            ph.crisisDays.push_back(firstEventDay.addDays(rng.below(std::size_t(span))));
    }
    if (plan.hypoglycaemia)
        ph.hypoChance = rng.uniform(0.03, 0.07);
    if (c & kHeartFailure) {
        for (int d = 0; d < eventSpan; d += 90) {
            if (rng.chance(0.6))
                ph.weightGains.push_back({firstEventDay.addDays(d + rng.range(0, 80)),
                                          rng.range(3, 6), rng.range(3, 5),
                                          rng.uniform(0.55, 0.9)});
        }
    }
    if (c & kCopd) {
        for (int d = 0; d < eventSpan; d += 120) {
            if (rng.chance(0.6))
                ph.spo2Dips.push_back({firstEventDay.addDays(d + rng.range(0, 100)),
                                       rng.range(2, 3), rng.range(2, 4), -rng.uniform(1.5, 2.5)});
        }
    }

    bool burst = false;

    struct DeviceState
    {
        const PlannedDevice *device;
        int transmissions = 0;
        double battery = 100;
    };
    std::vector<DeviceState> devices;
    for (const PlannedDevice &d : plan.devices)
        devices.push_back({&d, 0, rng.uniform(55, 100)});

    const std::size_t firstOut = out.size();
    const auto addReading = [&](const QString &kind, double v1, std::optional<double> v2,
                                const QString &unit, QDate day, int second, qint64 deviceId,
                                bool manual) {
        const qint64 at = m_days.at(day, second);
        if (at > m_nowMs)
            return;
        Reading r;
        r.patientId = plan.patient.id;
        r.deviceId = deviceId;
        r.kind = kind;
        r.value1 = v1;
        r.value2 = v2;
        r.unit = unit;
        r.takenAtMs = at;
        r.source = manual ? m_manual : m_device;
        r.externalSource = m_demo;
        out.push_back(std::move(r));
    };

    for (QDate day = plan.dataStart; day <= m_today; day = day.addDays(1)) {
        bool on = false;
        if (day <= lastDay) {
            switch (plan.adherence) {
            case Adherence::High:
            case Adherence::Medium:
                on = rng.chance(dayChance);
                break;
            case Adherence::Stopped:
                on = day == lastDay || rng.chance(dayChance);
                break;
            case Adherence::Low:
                burst = rng.chance(burst ? 0.6 : 0.08);
                on = burst;
                break;
            }
        }
        const bool crisisDay = day <= lastDay && containsDate(ph.crisisDays, day);
        const qint64 t = firstEventDay.daysTo(day) < 0 ? 0 : firstEventDay.daysTo(day);

        if (!on && !crisisDay) {
            if (plan.manualReadings && day <= lastDay && rng.chance(0.08)) {
                // Patient-reported by phone or portal, typed in by staff.
                const int second = rng.range(10 * kHour, 16 * kHour);
                if (c & (kHypertension | kHeartFailure)) {
                    const double sys = clampRound(ph.systolic + rng.normal(0, 8), 90, 200);
                    const double dia = clampRound(ph.diastolic + rng.normal(0, 5), 50, 115);
                    addReading(m_kindBp, sys, dia, m_unitMmHg, day, second, 0, true);
                } else {
                    addReading(m_kindGlucose, clampRound(ph.fasting + rng.normal(10, 15), 60, 350),
                               std::nullopt, m_unitMgDl, day, second, 0, true);
                }
            }
            continue;
        }

        bool first = true;
        for (DeviceState &state : devices) {
            const PlannedDevice &d = *state.device;
            if (d.record.assignedOn > day)
                continue;
            const bool forced = crisisDay && d.kind == DeviceKind::BloodPressure;
            if (!on && !forced)
                continue;
            if (!first && !forced && !rng.chance(0.85))
                continue;
            first = false;
            const qint64 deviceId = d.record.id;
            const bool manual = !d.record.autoTransmit;
            int firstSecond = 0;
            switch (d.kind) {
            case DeviceKind::BloodPressure: {
                const double base = ph.systolic + trend(ph.systolicTrend, ph.systolicTrendCap, t);
                const auto reading = [&](int second, double surge, bool crisis) {
                    double sysNoise = rng.normal(0, 7);
                    double sys = base + surge + sysNoise;
                    double dia = ph.diastolic + surge * 0.5 + 0.45 * sysNoise + rng.normal(0, 3.5) +
                                 trend(ph.systolicTrend, ph.systolicTrendCap, t) * 0.4;
                    if (crisis) {
                        sys = rng.uniform(182, 206);
                        dia = rng.chance(0.3) ? rng.uniform(121, 127) : rng.uniform(98, 118);
                    }
                    sys = clampRound(sys, 80, 250);
                    dia = clampRound(std::min(dia, sys - 20), 45, 140);
                    double hr = ph.heartRate + (surge > 0 ? -2 : 2) + rng.normal(0, 5);
                    if ((c & kHeartFailure) && rng.chance(0.03))
                        hr += rng.uniform(22, 35);
                    addReading(m_kindBp, sys, dia, m_unitMmHg, day, second, deviceId, manual);
                    addReading(m_kindHr, clampRound(hr, 38, 170), std::nullopt, m_unitPerMin, day,
                               second, deviceId, manual);
                };
                firstSecond = rng.range(6 * kHour + 1800, 9 * kHour);
                reading(firstSecond, 6, crisisDay);
                if (rng.chance(0.55))
                    reading(rng.range(18 * kHour + 1800, 21 * kHour + 1800), -2, false);
                break;
            }
            case DeviceKind::Scale: {
                double w =
                    ph.weight + trend(ph.weightTrend, ph.weightTrendCap, t) + rng.normal(0, 0.35);
                for (const Swing &s : ph.weightGains)
                    w += s.effect(day);
                firstSecond = rng.range(5 * kHour + 1800, 8 * kHour + 1800);
                addReading(m_kindWeight, clampRound(w, 40, 200, 0.1), std::nullopt, m_unitKg, day,
                           firstSecond, deviceId, manual);
                break;
            }
            case DeviceKind::Glucometer: {
                const double fasting = ph.fasting + trend(ph.fastingTrend, ph.fastingTrendCap, t);
                double g = fasting + rng.normal(0, 12);
                if (ph.hypoChance > 0 && rng.chance(ph.hypoChance))
                    g = rng.uniform(51, 68);
                firstSecond = rng.range(6 * kHour, 8 * kHour);
                addReading(m_kindGlucose, clampRound(g, 40, 450), std::nullopt, m_unitMgDl, day,
                           firstSecond, deviceId, manual);
                if (rng.chance(0.45)) {
                    const int second = rng.range(13 * kHour, 14 * kHour + 1800);
                    const double v = fasting + ph.mealRise + rng.normal(0, 20);
                    addReading(m_kindGlucose, clampRound(v, 40, 450), std::nullopt, m_unitMgDl, day,
                               second, deviceId, manual);
                }
                if (rng.chance(0.45)) {
                    const int second = rng.range(19 * kHour, 20 * kHour + 1800);
                    const double v = fasting + ph.mealRise * 1.1 + rng.normal(0, 22);
                    addReading(m_kindGlucose, clampRound(v, 40, 450), std::nullopt, m_unitMgDl, day,
                               second, deviceId, manual);
                }
                break;
            }
            case DeviceKind::Oximeter: {
                double dip = 0;
                for (const Swing &s : ph.spo2Dips)
                    dip += s.effect(day);
                const auto reading = [&](int second) {
                    const double spo2 = clampRound(ph.spo2 + dip + rng.normal(0, 1.0), 80, 100);
                    const double hr = ph.heartRate + ((c & kCopd) ? 4 : 0) + rng.normal(0, 5);
                    addReading(m_kindSpo2, spo2, std::nullopt, m_unitPercent, day, second, deviceId,
                               manual);
                    addReading(m_kindHr, clampRound(hr, 38, 170), std::nullopt, m_unitPerMin, day,
                               second, deviceId, manual);
                };
                firstSecond = rng.range(7 * kHour, 10 * kHour);
                reading(firstSecond);
                if (rng.chance(0.4))
                    reading(rng.range(19 * kHour, 22 * kHour));
                break;
            }
            }
            // A weekly battery report with the first reading (technical, never counted).
            if (!manual && ++state.transmissions % 7 == 0) {
                state.battery -= rng.uniform(2, 5);
                if (state.battery < 15)
                    state.battery = 100;
                addReading(m_kindBattery, std::round(state.battery), std::nullopt, m_unitPercent,
                           day, firstSecond + 1, deviceId, false);
            }
        }
    }

    // In time order (readings of one instant keep their order: bp, then its pulse), with
    // ids that reproduce in any file made with the same options.
    std::stable_sort(out.begin() + std::ptrdiff_t(firstOut), out.end(),
                     [](const Reading &a, const Reading &b) { return a.takenAtMs < b.takenAtMs; });
    QString prefix = u"P%1-"_s.arg(plan.index + 1, 6, 10, QChar(u'0'));
    for (std::size_t i = firstOut, seq = 1; i < out.size(); ++i, ++seq)
        out[i].externalId = prefix + u"%1"_s.arg(seq, 7, 10, QChar(u'0'));
}

int DemoGenerator::otherClinical(Rng &rng, int besides)
{
    for (int tries = 0; tries < 8; ++tries) {
        const int s = m_clinicalPool[std::size_t(rng.below(m_clinicalPool.size()))];
        if (s != besides)
            return s;
    }
    return besides;
}

void DemoGenerator::planMonth(const PatientPlan &plan, Rng &rng, MonthStatus status, bool current,
                              std::vector<Session> &sessions, int &messages)
{
    int target = 0;
    switch (status) {
    case MonthStatus::Done: {
        const double r = rng.uniform();
        if (current)
            target = r < 0.85 ? rng.range(1215, 1900) : rng.range(2430, 3000);
        else
            target = r < 0.62   ? rng.range(1230, 2100)
                     : r < 0.86 ? rng.range(2430, 3300)
                                : rng.range(3630, 4500);
        break;
    }
    case MonthStatus::Close:
        target = rng.range(14 * kMinute + 10, 19 * kMinute + 50);
        break;
    case MonthStatus::NoCall:
        // This month, some already have the minutes and only wait for the live call.
        if (current)
            target = rng.chance(0.4) ? rng.range(1215, 1620) : rng.range(300, 1150);
        else
            target = rng.range(600, 1800);
        break;
    case MonthStatus::Far:
        target = rng.chance(current ? 0.3 : 0.1) ? 0 : rng.range(120, 580);
        break;
    case MonthStatus::None:
        target = 0;
        break;
    }
    const bool connected = status == MonthStatus::Done ||
                           (status == MonthStatus::Close && rng.chance(0.7)) ||
                           (status == MonthStatus::Far && target >= 300 && rng.chance(0.3));
    int remaining = target;

    const auto session = [&](Part part, int staff, bool call) {
        Session s;
        s.parts.push_back(part);
        s.staff = staff;
        s.call = call;
        sessions.push_back(std::move(s));
    };
    const auto callStaff = [&] {
        const double who = rng.uniform();
        return who < 0.85  ? plan.nurse
               : who < 0.9 ? m_nps[std::size_t(rng.below(m_nps.size()))]
                           : otherClinical(rng, plan.nurse);
    };

    // Calls that did not connect: attempts and voicemails, each logged as call time.
    int attempts = status == MonthStatus::NoCall   ? rng.range(1, 3)
                   : connected && rng.chance(0.25) ? 1
                                                   : 0;
    if (target == 0)
        attempts = 0;
    for (int i = 0; i < attempts; ++i) {
        const int seconds = rng.range(60, 150);
        if (seconds + 60 > remaining)
            break;
        const ContactKind kind = rng.chance(0.5) ? ContactKind::Attempt : ContactKind::Voicemail;
        const int staff = callStaff();
        session({kCall, seconds, kind}, staff, true);
        remaining -= seconds;
    }
    if (connected) {
        int seconds = rng.range(6 * kMinute, 14 * kMinute);
        if (status != MonthStatus::Done)
            seconds = std::min(seconds, remaining - 60);
        if (seconds >= 180) {
            Session s;
            s.staff = callStaff();
            s.call = true;
            s.parts.push_back({kCall, seconds, ContactKind::Connected});
            remaining -= seconds;
            const int doc = rng.range(90, 240);
            if (remaining - doc >= 0) {
                s.parts.push_back({kDocumentation, doc, ContactKind::None});
                remaining -= doc;
            }
            sessions.push_back(std::move(s));
        }
    }
    // The rest: data review, care plan, coordination, documentation.
    while (remaining > 0) {
        const double r = rng.uniform();
        const Activity activity = r < 0.5    ? kDataReview
                                  : r < 0.65 ? kCarePlan
                                  : r < 0.85 ? kCareCoordination
                                             : kDocumentation;
        int seconds = rng.range(180, 540);
        if (remaining - seconds < 60)
            seconds = remaining;
        int staff = plan.nurse;
        if (activity == kCarePlan && rng.chance(0.4))
            staff = plan.practitioner;
        else if (rng.chance(0.15))
            staff = otherClinical(rng, plan.nurse);
        session({activity, seconds, ContactKind::None}, staff, false);
        remaining -= seconds;
    }
    if (plan.ccm && target > 0) {
        Session s;
        s.staff = plan.nurse;
        s.ccm = true;
        s.parts.push_back(
            {kCareCoordination, rng.range(10 * kMinute, 20 * kMinute), ContactKind::None});
        sessions.push_back(std::move(s));
    }
    messages = rng.chance(0.35) ? rng.range(1, 2) : 0;
}

void DemoGenerator::scheduleSessions(const PatientPlan &plan, Rng &rng,
                                     std::vector<Session> &sessions, const std::vector<QDate> &days,
                                     std::vector<TimeEntry> &entries,
                                     std::vector<PendingContact> &contacts)
{
    for (Session &s : sessions)
        s.day = days[std::size_t(rng.below(days.size()))];
    std::stable_sort(sessions.begin(), sessions.end(),
                     [](const Session &a, const Session &b) { return a.day < b.day; });

    for (const Session &s : sessions) {
        std::vector<int> gaps;
        int total = 0;
        for (std::size_t i = 0; i < s.parts.size(); ++i) {
            if (i > 0) {
                gaps.push_back(rng.range(30, 90));
                total += gaps.back();
            } else {
                gaps.push_back(0);
            }
            total += s.parts[i].seconds;
        }
        const int preferred =
            s.call ? rng.range(9 * kHour, 16 * kHour) : rng.range(kWorkOpenSec, 17 * kHour);
        const std::size_t dayIndex =
            std::size_t(std::find(days.begin(), days.end(), s.day) - days.begin());
        int staff = s.staff;
        QDate day;
        int start = -1;
        for (int attempt = 0; attempt < 4 && start < 0; ++attempt) {
            if (attempt > 0)
                staff = otherClinical(rng, s.staff);
            for (std::size_t k = 0; k < days.size() && start < 0; ++k) {
                day = days[(dayIndex + k) % days.size()];
                start = m_timeline->book(staff, day, preferred, total, kWorkOpenSec, closeOf(day));
            }
        }
        if (start < 0) {
            ++m_unbooked;
            continue;
        }
        const StaffId staffId = m_staff[std::size_t(staff)].id;
        int cursor = start;
        for (std::size_t i = 0; i < s.parts.size(); ++i) {
            const Part &part = s.parts[i];
            cursor += gaps[i];
            TimeEntry e;
            e.patientId = plan.patient.id;
            e.staffId = staffId;
            e.startedAtMs = m_days.at(day, cursor);
            e.seconds = part.seconds;
            e.activity = m_activities[part.activity];
            e.program = s.ccm ? m_ccm : m_rpm;
            e.method = m_timer;
            if (s.ccm) {
                e.note = m_ccmNotes[std::size_t(rng.below(m_ccmNotes.size()))];
            } else if (part.contact == ContactKind::Attempt) {
                e.note = m_attemptSummaries.front();
            } else if (part.contact == ContactKind::Voicemail) {
                e.note = m_voicemailSummaries.front();
            } else {
                const auto &notes = m_notes[part.activity];
                e.note = notes[std::size_t(rng.below(notes.size()))];
            }
            if (rng.chance(part.activity == kCall ? 0.02 : 0.05)) {
                e.method = m_manual;
                e.manualReason = m_manualReasons[std::size_t(rng.below(m_manualReasons.size()))];
            }
            if (part.contact != ContactKind::None) {
                PendingContact pc;
                Contact &c = pc.contact;
                c.patientId = plan.patient.id;
                c.staffId = staffId;
                c.startedAtMs = e.startedAtMs;
                c.counterpart = rng.chance(0.15) ? m_caregiver : m_patientCounterpart;
                switch (part.contact) {
                case ContactKind::Connected:
                    c.mode = rng.chance(0.15) ? m_video : m_phone;
                    c.connected = true;
                    c.seconds = part.seconds - rng.range(20, std::max(21, part.seconds / 4));
                    c.summary = m_callSummaries[std::size_t(rng.below(m_callSummaries.size()))];
                    if (rng.chance(0.15))
                        c.treatmentChanges =
                            m_treatmentChanges[std::size_t(rng.below(m_treatmentChanges.size()))];
                    break;
                case ContactKind::Attempt:
                    c.mode = m_phone;
                    c.seconds = rng.range(20, 45);
                    c.summary =
                        m_attemptSummaries[std::size_t(rng.below(m_attemptSummaries.size()))];
                    break;
                case ContactKind::Voicemail:
                    c.mode = m_voicemail;
                    c.seconds = rng.range(30, 60);
                    c.summary = m_voicemailSummaries.front();
                    break;
                case ContactKind::None:
                    break;
                }
                pc.entryIndex = qint64(entries.size());
                contacts.push_back(std::move(pc));
            }
            entries.push_back(std::move(e));
            cursor += part.seconds;
        }
    }
}

void DemoGenerator::generateTime(const PatientPlan &plan, std::vector<TimeEntry> &entries,
                                 std::vector<PendingContact> &contacts)
{
    Rng rng(deriveSeed(m_options.seed, quint64(plan.index) + 1, 3));
    const YearMonth currentMonth = YearMonth::of(m_today);
    for (YearMonth ym = YearMonth::of(m_firstDay); ym <= currentMonth; ym = ym.next()) {
        const QDate first = std::max(ym.firstDay(), plan.rpm.monitoringStart);
        const QDate last = std::min(ym.lastDay(), m_today);
        if (first > last)
            continue;
        const bool current = ym == currentMonth;
        MonthStatus status = plan.currentStatus;
        if (!current) {
            const double r = rng.uniform();
            const bool engaged =
                plan.adherence == Adherence::High || plan.adherence == Adherence::Medium;
            status = r < (engaged ? 0.74 : 0.55)   ? MonthStatus::Done
                     : r < (engaged ? 0.84 : 0.67) ? MonthStatus::Close
                     : r < (engaged ? 0.91 : 0.85) ? MonthStatus::NoCall
                     : r < (engaged ? 0.96 : 0.93) ? MonthStatus::Far
                                                   : MonthStatus::None;
        }
        std::vector<Session> sessions;
        int messages = 0;
        planMonth(plan, rng, status, current, sessions, messages);

        std::vector<QDate> days;
        for (QDate d = first; d <= last; d = d.addDays(1)) {
            if (!isWeekend(d))
                days.push_back(d);
        }
        if (days.empty()) {
            for (QDate d = first; d <= last; d = d.addDays(1))
                days.push_back(d);
        }
        scheduleSessions(plan, rng, sessions, days, entries, contacts);

        // Messages: SMS or portal, no time entry.
        for (int i = 0; i < messages; ++i) {
            const QDate day = days[std::size_t(rng.below(days.size()))];
            const int latest = day == m_today ? kNoonSec - 120 : 16 * kHour;
            PendingContact pc;
            Contact &c = pc.contact;
            c.patientId = plan.patient.id;
            c.staffId = m_staff[std::size_t(plan.nurse)].id;
            c.startedAtMs = m_days.at(day, rng.range(9 * kHour, std::max(9 * kHour, latest)));
            c.seconds = 0;
            c.mode = rng.chance(0.6) ? m_sms : m_portal;
            c.connected = false;
            c.summary = m_messageSummaries[std::size_t(rng.below(m_messageSummaries.size()))];
            contacts.push_back(std::move(pc));
        }
    }
}

Status DemoGenerator::writeChunk(int first, int end)
{
    std::vector<Reading> readings;
    std::vector<TimeEntry> entries;
    std::vector<PendingContact> contacts;
    for (int i = first; i < end; ++i) {
        PatientPlan &plan = m_patients[std::size_t(i)];
        if (Status s = writePatient(plan); !s)
            return s;
        generateReadings(plan, readings);
        generateTime(plan, entries, contacts);
        // Patients before this one are generated; this chunk's rows are written below.
        if (m_progress && !m_progress(i, m_options.patients)) {
            m_cancelled = true;
            return fail(u"cancelled"_s);
        }
    }

    const StaffId admin = m_staff[std::size_t(m_admin)].id;
    ReadingRepository readingRepo(m_db, m_clock);
    if (Status s = readingRepo.insert(admin, readings); !s)
        return s;
    m_summary.readings += qint64(readings.size());

    // Time entries as logged by each staff member (created_by), then the contacts,
    // linked to the call entries just stored.
    TimeRepository time(m_db, m_clock);
    std::map<StaffId, std::vector<TimeEntry>> byStaff;
    for (const TimeEntry &e : entries)
        byStaff[e.staffId].push_back(e);
    for (const auto &[staff, list] : byStaff) {
        if (Status s = time.insertBulk(staff, list, {}); !s)
            return s;
    }
    m_summary.timeEntries += qint64(entries.size());

    QHash<QPair<StaffId, qint64>, qint64> ids;
    for (int i = first; i < end; ++i) {
        const PatientPlan &plan = m_patients[std::size_t(i)];
        const UtcRange range{m_days.at(plan.dataStart, 0), m_nowMs + 1};
        Result<std::vector<TimeEntry>> stored = time.effectiveEntries(plan.patient.id, range);
        if (!stored)
            return fail(stored.error());
        for (const TimeEntry &e : *stored)
            ids.insert({e.staffId, e.startedAtMs}, e.id);
    }
    std::map<StaffId, std::vector<Contact>> contactsByStaff;
    for (PendingContact &pc : contacts) {
        if (pc.entryIndex >= 0) {
            const TimeEntry &e = entries[std::size_t(pc.entryIndex)];
            pc.contact.timeEntryId = ids.value({e.staffId, e.startedAtMs}, 0);
        }
        contactsByStaff[pc.contact.staffId].push_back(std::move(pc.contact));
    }
    for (const auto &[staff, list] : contactsByStaff) {
        if (Status s = time.insertBulk(staff, {}, list); !s)
            return s;
    }
    m_summary.contacts += qint64(contacts.size());
    return success();
}

Result<DemoSummary> DemoGenerator::run()
{
    m_summary.firstDay = m_firstDay;
    m_summary.today = m_today;
    m_summary.nowUtcMs = m_nowMs;

    if (Status s = setUpPractice(); !s)
        return fail(s.error());
    planPatients();
    m_timeline.emplace(int(m_staff.size()), m_firstDay.addDays(-31), m_today);

    const int total = m_options.patients;
    if (m_progress && !m_progress(0, total))
        return fail(u"demo practice: cancelled"_s);
    for (int first = 0; first < total; first += kChunkPatients) {
        const int end = std::min(total, first + kChunkPatients);
        if (Status s = writeChunk(first, end); !s) {
            if (m_cancelled)
                return fail(u"demo practice: cancelled"_s);
            return fail(u"demo practice: %1"_s.arg(s.error()));
        }
        if (m_progress && !m_progress(end, total))
            return fail(u"demo practice: cancelled"_s);
    }
    if (m_unbooked > 0)
        return fail(u"demo practice: %1 work sessions found no free staff time"_s.arg(m_unbooked));
    return m_summary;
}

} // namespace

Status DemoOptions::validate() const
{
    if (patients < 1 || patients > kMaxPatients)
        return fail(u"patients: %1 is out of range (1 to %2)"_s.arg(patients).arg(kMaxPatients));
    if (months < 1 || months > kMaxMonths)
        return fail(u"months: %1 is out of range (1 to %2)"_s.arg(months).arg(kMaxMonths));
    if (today.isValid() && (today.year() < 2000 || today.year() > 2200))
        return fail(
            u"today: %1 is out of range (years 2000 to 2200)"_s.arg(today.toString(Qt::ISODate)));
    if (!QTimeZone(timeZone.toUtf8()).isValid())
        return fail(u"time zone: '%1' is not a known IANA time zone"_s.arg(timeZone));
    if (practiceName.trimmed().isEmpty())
        return fail(u"practice name: empty"_s);
    return success();
}

qint64 demoNowUtcMs(QDate today, const QString &timeZone)
{
    return PracticeCalendar(QTimeZone(timeZone.toUtf8())).toUtcMs(today, QTime(12, 0));
}

Result<DemoSummary> generateDemoPractice(Database &db, const DemoOptions &options,
                                         const DemoProgress &progress)
{
    if (Status s = options.validate(); !s)
        return fail(u"demo practice: %1"_s.arg(s.error()));
    const QTimeZone zone(options.timeZone.toUtf8());
    const PracticeCalendar calendar(zone);
    const QDate today = options.today.isValid()
                            ? options.today
                            : QDateTime::currentDateTimeUtc().toTimeZone(zone).date();
    const FixedClock clock(calendar.toUtcMs(today, options.timeOfDay.isValid() ? options.timeOfDay
                                                                               : QTime(12, 0)));

    QSqlDatabase connection = db.connection();
    {
        Result<std::vector<StaffMember>> staff = StaffRepository(connection, clock).all();
        if (!staff)
            return fail(staff.error());
        Result<qint64> patients = PatientRepository(connection, clock).count();
        if (!patients)
            return fail(patients.error());
        if (!staff->empty() || *patients > 0)
            return fail(u"%1 already holds a practice (%2 staff, %3 patients); demo data goes "
                        "into a new file"_s.arg(db.path())
                            .arg(staff->size())
                            .arg(*patients));
    }

    ScopedTransaction tx(connection);
    if (!tx.isActive())
        return fail(u"demo practice: cannot start a transaction on %1"_s.arg(db.path()));
    DemoGenerator generator(connection, options, calendar, today, clock, progress);
    Result<DemoSummary> summary = generator.run();
    if (!summary)
        return summary; // tx rolls back
    if (Status s = tx.commit(); !s)
        return fail(u"demo practice: %1"_s.arg(s.error()));
    return summary;
}

} // namespace vd
