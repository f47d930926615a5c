// vitaldesk-cli evaluate FILE.json: one scenario (one patient, one month) through the rules
// engine; the decision as JSON on stdout. Contract: /shared/scenarios/FORMAT.md.
// Exit 0 on success; 2 with one line on stderr naming the bad field for any malformed
// scenario (bad JSON, wrong type, missing field, impossible date, unknown enum value).
//
// Beyond FORMAT.md, these optional keys are accepted: "as_of" (YYYY-MM-DD, "today" for
// still-reachable wording), "add_on_unit_cap" (payer's 99458 unit limit), a reading's
// "device_qualifies", a time entry's "staff" and "overlaps_other_patient".

#include <cmath>
#include <optional>
#include <string>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QJsonValue>

#include "commands.h"
#include "rules/engine.h"

using namespace Qt::Literals::StringLiterals;

namespace vd::cli {

namespace {

namespace rules = vd::rules;

// Shows a user-supplied value inside a one-line message.
QString quoted(const QString &value)
{
    QString shown = value.left(40);
    for (QChar &c : shown) {
        if (c.unicode() < 0x20 || c == u'"')
            c = u'?';
    }
    if (value.size() > 40)
        shown += u"..."_s;
    return u'"' + shown + u'"';
}

QString joined(const std::vector<std::string_view> &items)
{
    QStringList list;
    for (std::string_view s : items)
        list << QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    return list.join(u", "_s);
}

// Reads a scenario object into rule facts; stops at the first problem.
class ScenarioReader
{
public:
    bool read(const QJsonObject &root, rules::MonthFacts &facts);
    QString field() const { return m_field; }
    QString message() const { return m_message; }

private:
    bool fail(const QString &field, const QString &message)
    {
        m_field = field;
        m_message = message;
        return false;
    }

    // Present and not null.
    static bool has(const QJsonObject &o, const QString &key)
    {
        return o.contains(key) && !o.value(key).isNull();
    }

    bool string(const QJsonObject &o, const QString &key, const QString &path, bool required,
                std::optional<QString> &out);
    bool requiredString(const QJsonObject &o, const QString &key, const QString &path,
                        QString &out);
    bool boolean(const QJsonObject &o, const QString &key, const QString &path, bool required,
                 bool &out);
    bool integer(const QJsonObject &o, const QString &key, const QString &path, bool required,
                 std::optional<std::int64_t> &out);
    bool date(const QJsonObject &o, const QString &key, const QString &path, bool required,
              std::optional<rules::Date> &out);
    bool dateTime(const QJsonObject &o, const QString &key, const QString &path,
                  rules::LocalDateTime &out);
    bool array(const QJsonObject &o, const QString &key, QJsonArray &out);
    bool role(const QJsonObject &o, const QString &key, const QString &path, std::string &out);

    template<typename Enum, typename Parse>
    bool enumValue(const QJsonObject &o, const QString &key, const QString &path, bool required,
                   Parse parse, const QString &expected, Enum &out);

    bool readEpisode(const QJsonObject &root, rules::EpisodeFacts &episode);
    bool readReadings(const QJsonObject &root, std::vector<rules::ReadingFact> &readings);
    bool readTime(const QJsonObject &root, std::vector<rules::TimeFact> &time);
    bool readContacts(const QJsonObject &root, std::vector<rules::ContactFact> &contacts);

    const rules::RuleSet *m_rules = nullptr;
    QString m_field;
    QString m_message;
};

bool ScenarioReader::string(const QJsonObject &o, const QString &key, const QString &path,
                            bool required, std::optional<QString> &out)
{
    out.reset();
    if (!has(o, key))
        return required ? fail(path, u"required field is missing"_s) : true;
    const QJsonValue v = o.value(key);
    if (!v.isString())
        return fail(path, u"must be a string"_s);
    out = v.toString();
    return true;
}

bool ScenarioReader::requiredString(const QJsonObject &o, const QString &key, const QString &path,
                                    QString &out)
{
    std::optional<QString> value;
    if (!string(o, key, path, true, value))
        return false;
    out = *value;
    return true;
}

bool ScenarioReader::boolean(const QJsonObject &o, const QString &key, const QString &path,
                             bool required, bool &out)
{
    if (!has(o, key))
        return required ? fail(path, u"required field is missing"_s) : true;
    const QJsonValue v = o.value(key);
    if (!v.isBool())
        return fail(path, u"must be true or false"_s);
    out = v.toBool();
    return true;
}

bool ScenarioReader::integer(const QJsonObject &o, const QString &key, const QString &path,
                             bool required, std::optional<std::int64_t> &out)
{
    out.reset();
    if (!has(o, key))
        return required ? fail(path, u"required field is missing"_s) : true;
    const QJsonValue v = o.value(key);
    const double x = v.isDouble() ? v.toDouble() : -1.0;
    // 2^53: the largest integer a JSON number carries exactly.
    if (!v.isDouble() || !std::isfinite(x) || x < 0 || x != std::floor(x) || x > 9007199254740992.0)
        return fail(path, u"must be a non-negative integer"_s);
    out = static_cast<std::int64_t>(x);
    return true;
}

bool ScenarioReader::date(const QJsonObject &o, const QString &key, const QString &path,
                          bool required, std::optional<rules::Date> &out)
{
    std::optional<QString> text;
    if (!string(o, key, path, required, text))
        return false;
    if (!text)
        return true;
    out = rules::parseDate(text->toStdString());
    if (!out)
        return fail(path, quoted(*text) + u" is not a valid date (YYYY-MM-DD)"_s);
    return true;
}

bool ScenarioReader::dateTime(const QJsonObject &o, const QString &key, const QString &path,
                              rules::LocalDateTime &out)
{
    QString text;
    if (!requiredString(o, key, path, text))
        return false;
    const std::optional<rules::LocalDateTime> parsed = rules::parseDateTime(text.toStdString());
    if (!parsed)
        return fail(path, quoted(text) +
                              u" is not a valid local date-time (YYYY-MM-DDThh:mm:ss, no "
                              "offset)"_s);
    out = *parsed;
    return true;
}

bool ScenarioReader::array(const QJsonObject &o, const QString &key, QJsonArray &out)
{
    out = QJsonArray();
    if (!has(o, key))
        return true;
    const QJsonValue v = o.value(key);
    if (!v.isArray())
        return fail(key, u"must be an array"_s);
    out = v.toArray();
    return true;
}

bool ScenarioReader::role(const QJsonObject &o, const QString &key, const QString &path,
                          std::string &out)
{
    QString text;
    if (!requiredString(o, key, path, text))
        return false;
    out = text.toStdString();
    if (!m_rules->isKnownRole(out))
        return fail(path, u"unknown value "_s + quoted(text) + u" (expected "_s +
                              joined(m_rules->knownRoles) + u')');
    return true;
}

template<typename Enum, typename Parse>
bool ScenarioReader::enumValue(const QJsonObject &o, const QString &key, const QString &path,
                               bool required, Parse parse, const QString &expected, Enum &out)
{
    std::optional<QString> text;
    if (!string(o, key, path, required, text))
        return false;
    if (!text)
        return true;
    const std::optional<Enum> value = parse(text->toStdString());
    if (!value)
        return fail(path, u"unknown value "_s + quoted(*text) + u" (expected "_s + expected + u')');
    out = *value;
    return true;
}

bool ScenarioReader::read(const QJsonObject &root, rules::MonthFacts &facts)
{
    QString month;
    if (!requiredString(root, u"month"_s, u"month"_s, month))
        return false;
    const std::optional<rules::Date> first = rules::parseYearMonth(month.toStdString());
    if (!first)
        return fail(u"month"_s, quoted(month) + u" is not a valid month (YYYY-MM)"_s);
    facts.year = first->year;
    facts.month = first->month;

    std::optional<QString> ruleId;
    if (!string(root, u"rules"_s, u"rules"_s, false, ruleId))
        return false;
    if (ruleId) {
        facts.ruleSet = ruleId->toStdString();
        m_rules = rules::ruleSetById(*facts.ruleSet);
        if (!m_rules) {
            std::vector<std::string_view> ids;
            for (const rules::RuleSet &rs : rules::ruleSets())
                ids.push_back(rs.id);
            return fail(u"rules"_s, u"unknown rule set "_s + quoted(*ruleId) + u" (expected "_s +
                                        joined(ids) + u')');
        }
    } else {
        m_rules = rules::ruleSetFor(*first);
        if (!m_rules)
            return fail(u"month"_s, u"no rule set in force"_s);
    }

    if (!readEpisode(root, facts.episode))
        return false;
    if (!role(root, u"billing_provider"_s, u"billing_provider"_s, facts.billingProvider))
        return false;
    if (!readReadings(root, facts.readings) || !readTime(root, facts.time) ||
        !readContacts(root, facts.contacts))
        return false;
    std::optional<rules::Date> asOf;
    if (!date(root, u"as_of"_s, u"as_of"_s, false, asOf))
        return false;
    facts.asOf = asOf;
    std::optional<std::int64_t> cap;
    if (!integer(root, u"add_on_unit_cap"_s, u"add_on_unit_cap"_s, false, cap))
        return false;
    if (cap && *cap > 1000)
        return fail(u"add_on_unit_cap"_s, u"must be an integer 0..1000"_s);
    if (cap)
        facts.addOnUnitCap = static_cast<int>(*cap);
    return true;
}

bool ScenarioReader::readEpisode(const QJsonObject &root, rules::EpisodeFacts &episode)
{
    if (!has(root, u"episode"_s))
        return fail(u"episode"_s, u"required field is missing"_s);
    if (!root.value(u"episode"_s).isObject())
        return fail(u"episode"_s, u"must be an object"_s);
    const QJsonObject o = root.value(u"episode"_s).toObject();
    std::optional<rules::Date> start;
    if (!date(o, u"start"_s, u"episode.start"_s, true, start))
        return false;
    episode.start = *start;
    return boolean(o, u"consent"_s, u"episode.consent"_s, true, episode.consent) &&
           boolean(o, u"established_patient"_s, u"episode.established_patient"_s, true,
                   episode.establishedPatient) &&
           boolean(o, u"setup_billed"_s, u"episode.setup_billed"_s, false, episode.setupBilled) &&
           boolean(o, u"rtm_enrolled"_s, u"episode.rtm_enrolled"_s, false, episode.rtmEnrolled) &&
           boolean(o, u"device_billed_by_other"_s, u"episode.device_billed_by_other"_s, false,
                   episode.deviceBilledByOther);
}

bool ScenarioReader::readReadings(const QJsonObject &root,
                                  std::vector<rules::ReadingFact> &readings)
{
    QJsonArray list;
    if (!array(root, u"readings"_s, list))
        return false;
    readings.reserve(static_cast<std::size_t>(list.size()));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = u"readings["_s + QString::number(i) + u']';
        if (!list.at(i).isObject())
            return fail(path, u"must be an object"_s);
        const QJsonObject o = list.at(i).toObject();
        rules::ReadingFact r;
        std::optional<rules::Date> day;
        if (!date(o, u"date"_s, path + u".date"_s, true, day))
            return false;
        r.date = *day;
        if (!enumValue(o, u"source"_s, path + u".source"_s, true, rules::parseReadingSource,
                       u"device or manual"_s, r.source) ||
            !enumValue(o, u"kind"_s, path + u".kind"_s, false, rules::parseReadingKind,
                       u"physiologic, battery or signal"_s, r.kind) ||
            !boolean(o, u"device_qualifies"_s, path + u".device_qualifies"_s, false,
                     r.deviceQualifies))
            return false;
        readings.push_back(r);
    }
    return true;
}

bool ScenarioReader::readTime(const QJsonObject &root, std::vector<rules::TimeFact> &time)
{
    QJsonArray list;
    if (!array(root, u"time"_s, list))
        return false;
    time.reserve(static_cast<std::size_t>(list.size()));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = u"time["_s + QString::number(i) + u']';
        if (!list.at(i).isObject())
            return fail(path, u"must be an object"_s);
        const QJsonObject o = list.at(i).toObject();
        rules::TimeFact t;
        std::optional<std::int64_t> seconds;
        QString program;
        std::optional<QString> staff;
        if (!dateTime(o, u"start"_s, path + u".start"_s, t.start) ||
            !integer(o, u"seconds"_s, path + u".seconds"_s, true, seconds) ||
            !requiredString(o, u"program"_s, path + u".program"_s, program))
            return false;
        t.seconds = *seconds;
        t.program = program.toStdString();
        if (!m_rules->isKnownProgram(t.program))
            return fail(path + u".program"_s, u"unknown value "_s + quoted(program) +
                                                  u" (expected "_s +
                                                  joined(m_rules->knownPrograms) + u')');
        if (!role(o, u"role"_s, path + u".role"_s, t.role) ||
            !string(o, u"staff"_s, path + u".staff"_s, false, staff) ||
            !boolean(o, u"overlaps_other_patient"_s, path + u".overlaps_other_patient"_s, false,
                     t.overlapsOtherPatient))
            return false;
        if (staff)
            t.staff = staff->toStdString();
        time.push_back(std::move(t));
    }
    return true;
}

bool ScenarioReader::readContacts(const QJsonObject &root,
                                  std::vector<rules::ContactFact> &contacts)
{
    QJsonArray list;
    if (!array(root, u"contacts"_s, list))
        return false;
    contacts.reserve(static_cast<std::size_t>(list.size()));
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString path = u"contacts["_s + QString::number(i) + u']';
        if (!list.at(i).isObject())
            return fail(path, u"must be an object"_s);
        const QJsonObject o = list.at(i).toObject();
        rules::ContactFact c;
        if (!dateTime(o, u"start"_s, path + u".start"_s, c.start) ||
            !enumValue(o, u"mode"_s, path + u".mode"_s, true, rules::parseContactMode,
                       u"phone, video, sms, portal, email, voicemail or automated"_s, c.mode) ||
            !boolean(o, u"completed"_s, path + u".completed"_s, true, c.completed) ||
            !enumValue(o, u"with"_s, path + u".with"_s, true, rules::parseCounterpart,
                       u"patient or caregiver"_s, c.with))
            return false;
        contacts.push_back(c);
    }
    return true;
}

QString jsonString(std::string_view utf8)
{
    const QString s = QString::fromUtf8(utf8.data(), static_cast<qsizetype>(utf8.size()));
    QString out;
    out.reserve(s.size() + 2);
    out += u'"';
    for (const QChar c : s) {
        switch (c.unicode()) {
        case u'"':
            out += u"\\\""_s;
            break;
        case u'\\':
            out += u"\\\\"_s;
            break;
        case u'\n':
            out += u"\\n"_s;
            break;
        case u'\t':
            out += u"\\t"_s;
            break;
        default:
            if (c.unicode() < 0x20)
                out += u"\\u"_s + QString::number(c.unicode(), 16).rightJustified(4, u'0');
            else
                out += c;
        }
    }
    out += u'"';
    return out;
}

QString jsonString(const std::string &s)
{
    return jsonString(std::string_view(s));
}

// The decision in FORMAT.md's key order (QJsonObject would sort the keys).
void writeDecision(QTextStream &out, const rules::Decision &d)
{
    out << "{\n";
    out << "  \"month\": " << jsonString(rules::toYearMonthString(d.year, d.month)) << ",\n";
    out << "  \"rules\": " << jsonString(d.ruleSet) << ",\n";
    out << "  \"codes\": [";
    for (std::size_t i = 0; i < d.codes.size(); ++i) {
        out << (i ? ",\n" : "\n") << "    {\"code\": " << jsonString(d.codes[i].code)
            << ", \"units\": " << d.codes[i].units << '}';
    }
    out << (d.codes.empty() ? "],\n" : "\n  ],\n");
    out << "  \"management_seconds\": " << static_cast<qint64>(d.managementSeconds) << ",\n";
    out << "  \"interactive_contact\": " << (d.interactiveContact ? "true" : "false") << ",\n";
    out << "  \"device_periods\": [";
    for (std::size_t i = 0; i < d.devicePeriods.size(); ++i) {
        const rules::DevicePeriodResult &p = d.devicePeriods[i];
        out << (i ? ",\n" : "\n") << "    {\"start\": " << jsonString(rules::toString(p.start))
            << ", \"end\": " << jsonString(rules::toString(p.end)) << ", \"days\": " << p.days
            << ", \"code\": " << (p.code.empty() ? u"null"_s : jsonString(p.code)) << '}';
    }
    out << (d.devicePeriods.empty() ? "],\n" : "\n  ],\n");
    out << "  \"reasons\": [";
    for (std::size_t i = 0; i < d.reasons.size(); ++i)
        out << (i ? ",\n" : "\n") << "    " << jsonString(d.reasons[i]);
    out << (d.reasons.empty() ? "]\n" : "\n  ]\n");
    out << "}\n";
}

} // namespace

int runEvaluate(const QStringList &args, Io io)
{
    const QString prefix = u"vitaldesk-cli evaluate: "_s;
    if (args.size() != 1 || args.first().isEmpty()) {
        io.err << prefix << "usage: vitaldesk-cli evaluate FILE.json\n";
        return 2;
    }
    const QString path = args.first();
    QFile file(path);
    const bool opened =
        path == u"-"_s ? file.open(stdin, QIODevice::ReadOnly) : file.open(QIODevice::ReadOnly);
    if (!opened) {
        io.err << prefix << path << ": cannot read: " << file.errorString() << '\n';
        return 2;
    }
    const QByteArray bytes = file.readAll();

    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        io.err << prefix << path << ": invalid JSON at offset " << parseError.offset << ": "
               << parseError.errorString() << '\n';
        return 2;
    }
    if (!doc.isObject()) {
        io.err << prefix << path << ": (top level): must be a JSON object\n";
        return 2;
    }

    rules::MonthFacts facts;
    ScenarioReader reader;
    if (!reader.read(doc.object(), facts)) {
        io.err << prefix << path << ": " << reader.field() << ": " << reader.message() << '\n';
        return 2;
    }
    const rules::Decision decision = rules::evaluate(facts);
    if (!decision.ok()) {
        io.err << prefix << path << ": " << QString::fromStdString(decision.error) << '\n';
        return 2;
    }
    writeDecision(io.out, decision);
    return 0;
}

} // namespace vd::cli
