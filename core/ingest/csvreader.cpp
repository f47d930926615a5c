#include "ingest/csvreader.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string>

#include <QIODevice>

#include "ingest/batchbuilder_p.h"
#include "ingest/guard_p.h"
#include "ingest/isotime.h"

using namespace Qt::Literals::StringLiterals;

namespace vd::ingest {

namespace {

enum Column
{
    ColMrn,
    ColSerial,
    ColMeasuredAt,
    ColKind,
    ColValue,
    ColValue2,
    ColUnit,
    ColSource,
    ColExternalId,
    ColumnCount
};

struct ColumnSpec
{
    const char *name;
    bool required;
};

constexpr std::array<ColumnSpec, ColumnCount> columnSpecs{{
    {"patient_mrn", true},
    {"device_serial", false},
    {"measured_at", true},
    {"kind", true},
    {"value", true},
    {"value2", false},
    {"unit", false},
    {"source", true},
    {"external_id", false},
}};

bool isBlank(char c)
{
    return c == ' ' || c == '\t';
}

QByteArrayView trimmed(QByteArrayView v)
{
    while (!v.isEmpty() && isBlank(v.front()))
        v = v.sliced(1);
    while (!v.isEmpty() && isBlank(v.back()))
        v.chop(1);
    return v;
}

bool equalsIgnoreCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        char x = a[i];
        char y = b[i];
        if (x >= 'A' && x <= 'Z')
            x = char(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = char(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

// "29463-7": digits, a dash, one check digit.
bool looksLikeLoinc(QByteArrayView v)
{
    const qsizetype dash = v.indexOf('-');
    if (dash < 1 || dash != v.size() - 2 || dash > 7)
        return false;
    for (qsizetype i = 0; i < v.size(); ++i) {
        if (i != dash && (v[i] < '0' || v[i] > '9'))
            return false;
    }
    return true;
}

std::optional<double> parseNumber(QByteArrayView v, bool decimalComma)
{
    v = trimmed(v);
    if (v.isEmpty() || v.size() > 48)
        return std::nullopt;
    std::array<char, 48> buf{};
    qsizetype n = 0;
    qsizetype i = 0;
    if (v[0] == '+')
        i = 1;
    for (; i < v.size(); ++i) {
        char c = v[i];
        if (c == ',' && decimalComma)
            c = '.';
        buf[static_cast<std::size_t>(n++)] = c;
    }
    double out = 0;
    const char *end = buf.data() + n;
    const auto [ptr, ec] = std::from_chars(buf.data(), end, out, std::chars_format::general);
    if (ec != std::errc() || ptr != end || !std::isfinite(out))
        return std::nullopt;
    return out;
}

// Shown in messages: at most 40 characters of a field, never patient identifiers.
QString shown(QByteArrayView v)
{
    v = trimmed(v);
    if (v.size() > 40)
        return QString::fromUtf8(v.first(40)) + u"..."_s;
    return QString::fromUtf8(v);
}

struct FieldRef
{
    qsizetype begin;
    qsizetype size;
    bool inScratch;
};

enum class RecordResult
{
    Complete,
    NeedMore,
    Fatal
};

class CsvParser
{
public:
    explicit CsvParser(detail::BatchBuilder &builder)
        : m_b(builder)
    {}

    qsizetype consume(QByteArrayView buf, qint64 offset, bool atEof);

private:
    bool detectDelimiter(QByteArrayView buf, qsizetype pos, bool atEof);
    RecordResult nextRecord(QByteArrayView buf, qsizetype &pos, bool atEof);
    QByteArrayView field(int i) const
    {
        const FieldRef &f = m_fields[static_cast<std::size_t>(i)];
        if (f.inScratch)
            return QByteArrayView(m_scratch.data() + f.begin, f.size);
        return QByteArrayView(m_buf.data() + f.begin, f.size);
    }
    QByteArrayView column(Column c) const
    {
        const int i = m_columns[c];
        return i < 0 ? QByteArrayView() : field(i);
    }
    void handleHeader();
    void handleRow();

    detail::BatchBuilder &m_b;
    QByteArrayView m_buf;
    char m_delim = 0; // 0 until the header row was seen
    bool m_headerDone = false;
    qint64 m_line = 1;       // line the next record starts on
    qint64 m_recordLine = 1; // line the current record started on
    bool m_malformedQuote = false;
    std::vector<FieldRef> m_fields;
    std::string m_scratch;
    std::array<int, ColumnCount> m_columns{};
    int m_headerFields = 0;
    QString m_csvSource = u"csv"_s;
};

bool CsvParser::detectDelimiter(QByteArrayView buf, qsizetype pos, bool atEof)
{
    int commas = 0;
    int semicolons = 0;
    int tabs = 0;
    bool quoted = false;
    qsizetype i = pos;
    for (; i < buf.size(); ++i) {
        const char c = buf[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted) {
            if (c == '\n' || c == '\r')
                break;
            if (c == ',')
                ++commas;
            else if (c == ';')
                ++semicolons;
            else if (c == '\t')
                ++tabs;
        }
    }
    if (i >= buf.size() && !atEof)
        return false;
    m_delim = ',';
    if (semicolons > commas && semicolons >= tabs)
        m_delim = ';';
    else if (tabs > commas && tabs > semicolons)
        m_delim = '\t';
    return true;
}

RecordResult CsvParser::nextRecord(QByteArrayView buf, qsizetype &pos, bool atEof)
{
    const char *d = buf.data();
    const qsizetype n = buf.size();
    const char delim = m_delim;
    qsizetype p = pos;
    qint64 newlines = 0;
    m_fields.clear();
    m_scratch.clear();
    m_malformedQuote = false;

    while (true) {
        if (p < n && d[p] == '"') {
            const qint64 quoteLine = m_line + newlines;
            ++p;
            qsizetype segment = p;
            const auto scratchBegin = static_cast<qsizetype>(m_scratch.size());
            bool usedScratch = false;
            while (true) {
                const void *hit = p < n ? std::memchr(d + p, '"', std::size_t(n - p)) : nullptr;
                if (!hit) {
                    if (!atEof)
                        return RecordResult::NeedMore;
                    m_b.fatal(u"line "_s + QString::number(quoteLine),
                              u"unterminated quoted field"_s);
                    return RecordResult::Fatal;
                }
                const qsizetype q = static_cast<const char *>(hit) - d;
                newlines += std::count(d + p, d + q, '\n');
                if (q + 1 >= n && !atEof)
                    return RecordResult::NeedMore; // cannot tell "" from a closing quote yet
                if (q + 1 < n && d[q + 1] == '"') {
                    m_scratch.append(d + segment, std::size_t(q + 1 - segment));
                    usedScratch = true;
                    p = q + 2;
                    segment = p;
                    continue;
                }
                if (usedScratch) {
                    m_scratch.append(d + segment, std::size_t(q - segment));
                    m_fields.push_back({scratchBegin,
                                        static_cast<qsizetype>(m_scratch.size()) - scratchBegin,
                                        true});
                } else {
                    m_fields.push_back({segment, q - segment, false});
                }
                p = q + 1;
                break;
            }
            if (p < n && d[p] != delim && d[p] != '\n' && d[p] != '\r') {
                // Text after the closing quote: not RFC 4180. The row is rejected; resume at
                // the next delimiter or line end.
                m_malformedQuote = true;
                while (p < n && d[p] != delim && d[p] != '\n' && d[p] != '\r')
                    ++p;
            }
        } else {
            const qsizetype start = p;
            while (p < n) {
                const char c = d[p];
                if (c == delim || c == '\n' || c == '\r')
                    break;
                ++p;
            }
            m_fields.push_back({start, p - start, false});
        }

        if (p >= n) {
            if (!atEof)
                return RecordResult::NeedMore;
            m_recordLine = m_line;
            m_line += newlines + 1;
            pos = p;
            return RecordResult::Complete;
        }
        const char c = d[p];
        if (c == delim) {
            ++p;
            continue;
        }
        if (c == '\r') {
            if (p + 1 >= n && !atEof)
                return RecordResult::NeedMore;
            ++p;
            if (p < n && d[p] == '\n')
                ++p;
        } else {
            ++p; // '\n'
        }
        m_recordLine = m_line;
        m_line += newlines + 1;
        pos = p;
        return RecordResult::Complete;
    }
}

qsizetype CsvParser::consume(QByteArrayView buf, qint64 offset, bool atEof)
{
    qsizetype pos = 0;
    if (offset == 0 && !m_headerDone) {
        if (buf.size() < 3 && !atEof)
            return 0;
        pos = buf.size() - detail::stripBom(buf).size();
    }
    if (m_delim == 0) {
        if (!detectDelimiter(buf, pos, atEof))
            return 0; // header row not complete yet; BOM is looked at again
    }
    m_buf = buf;
    while (pos < buf.size()) {
        qsizetype next = pos;
        const RecordResult r = nextRecord(buf, next, atEof);
        if (r == RecordResult::NeedMore)
            break;
        if (r == RecordResult::Fatal)
            return -1;
        if (!m_headerDone)
            handleHeader();
        else
            handleRow();
        if (m_b.failed())
            return -1;
        pos = next;
        if (!m_b.progress(offset + pos))
            return -1;
    }
    if (atEof && !m_headerDone) {
        m_b.fatal({}, u"empty file: a header row is required ("_s +
                          CsvReader::requiredColumns().join(u", "_s) + u')');
        return -1;
    }
    return pos;
}

void CsvParser::handleHeader()
{
    m_headerDone = true;
    m_columns.fill(-1);
    m_headerFields = static_cast<int>(m_fields.size());
    const QString where = u"line "_s + QString::number(m_recordLine);
    if (m_malformedQuote) {
        m_b.fatal(where, u"malformed quoted field in the header row"_s);
        return;
    }
    for (int i = 0; i < m_headerFields; ++i) {
        const QByteArrayView name = trimmed(field(i));
        for (int c = 0; c < ColumnCount; ++c) {
            if (!equalsIgnoreCase(name, QByteArrayView(columnSpecs[std::size_t(c)].name)))
                continue;
            if (m_columns[std::size_t(c)] >= 0) {
                m_b.fatal(where, u"duplicate column '"_s +
                                     QLatin1StringView(columnSpecs[std::size_t(c)].name) + u'\'');
                return;
            }
            m_columns[std::size_t(c)] = i;
        }
    }
    QStringList missing;
    for (int c = 0; c < ColumnCount; ++c) {
        if (columnSpecs[std::size_t(c)].required && m_columns[std::size_t(c)] < 0)
            missing << QLatin1StringView(columnSpecs[std::size_t(c)].name);
    }
    if (!missing.isEmpty()) {
        m_b.fatal(where, (missing.size() == 1 ? u"missing required column "_s
                                              : u"missing required columns "_s) +
                             missing.join(u", "_s));
    }
}

void CsvParser::handleRow()
{
    const auto fieldCount = static_cast<int>(m_fields.size());
    if (fieldCount == 1 && m_fields[0].size == 0 && !m_fields[0].inScratch &&
        (m_fields[0].begin == 0 || m_buf[m_fields[0].begin - 1] != '"')) {
        return; // blank line
    }
    ReadBatch &batch = m_b.batch();
    ++batch.recordsSeen;
    const Location loc{m_recordLine, -1};

    if (m_malformedQuote) {
        m_b.reject(loc, u"malformed quoted field (text after the closing quote)"_s);
        return;
    }
    if (fieldCount < m_headerFields) {
        m_b.reject(loc, u"expected "_s + QString::number(m_headerFields) + u" fields, found "_s +
                            QString::number(fieldCount));
        return;
    }
    for (int i = m_headerFields; i < fieldCount; ++i) {
        if (!trimmed(field(i)).isEmpty()) {
            m_b.reject(loc, u"expected "_s + QString::number(m_headerFields) +
                                u" fields, found "_s + QString::number(fieldCount));
            return;
        }
    }

    // Kind first: a row we do not import is skipped whatever else is in it.
    const QByteArrayView kindText = trimmed(column(ColKind));
    std::optional<Kind> kind = kindFromName(kindText);
    if (!kind) {
        if (looksLikeLoinc(kindText)) {
            const LoincMapping *m = findLoinc(kindText);
            if (!m) {
                m_b.skip(loc, SkipReason::UnsupportedCode,
                         u"LOINC "_s + shown(kindText) + u" is not a supported kind"_s);
                return;
            }
            if (m->role == CodeRole::Systolic || m->role == CodeRole::Diastolic) {
                m_b.reject(loc, u"LOINC "_s + shown(kindText) +
                                    u" is half a blood pressure: use kind bp with value "
                                    u"(systolic) and value2 (diastolic)"_s);
                return;
            }
            kind = m->kind;
        } else if (equalsIgnoreCase(kindText, "battery") || equalsIgnoreCase(kindText, "signal")) {
            m_b.skip(loc, SkipReason::UnsupportedCode,
                     u"kind "_s + shown(kindText) + u" is not imported from files"_s);
            return;
        } else {
            m_b.reject(loc, kindText.isEmpty() ? u"kind is empty"_s
                                               : u"unknown kind '"_s + shown(kindText) + u'\'');
            return;
        }
    }

    const QByteArrayView mrn = trimmed(column(ColMrn));
    if (mrn.isEmpty()) {
        m_b.reject(loc, u"patient_mrn is empty"_s);
        return;
    }
    if (!mrn.isValidUtf8()) {
        m_b.reject(loc, u"patient_mrn is not valid UTF-8"_s);
        return;
    }

    const QByteArrayView when = trimmed(column(ColMeasuredAt));
    const std::optional<IsoTime> t = parseIsoTime(when);
    if (!t) {
        m_b.reject(loc, when.isEmpty() ? u"measured_at is empty"_s
                                       : u"measured_at '"_s + shown(when) +
                                             u"' is not an ISO-8601 date-time"_s);
        return;
    }
    if (t->precision != TimePrecision::Time) {
        m_b.reject(loc, u"measured_at '"_s + shown(when) + u"' has no time of day"_s);
        return;
    }
    if (!t->hasOffset) {
        m_b.reject(loc, u"measured_at '"_s + shown(when) +
                            u"' has no UTC offset (write e.g. 2024-03-05T08:30:00-05:00)"_s);
        return;
    }
    const ReadOptions &opt = m_b.options();
    if ((opt.notBeforeMs != 0 && t->msecsSinceEpoch < opt.notBeforeMs) ||
        (opt.notAfterMs != 0 && t->msecsSinceEpoch > opt.notAfterMs)) {
        m_b.reject(loc, u"measured_at '"_s + shown(when) + u"' is outside the accepted period"_s);
        return;
    }

    const bool decimalComma = m_delim == ';';
    const QByteArrayView valueText = column(ColValue);
    std::optional<double> v1 = parseNumber(valueText, decimalComma);
    if (!v1) {
        m_b.reject(loc, trimmed(valueText).isEmpty()
                            ? u"value is empty"_s
                            : u"value '"_s + shown(valueText) + u"' is not a number"_s);
        return;
    }
    std::optional<double> v2;
    const QByteArrayView value2Text = trimmed(column(ColValue2));
    if (*kind == Kind::BloodPressure) {
        v2 = parseNumber(value2Text, decimalComma);
        if (!v2) {
            m_b.reject(loc, value2Text.isEmpty()
                                ? u"value2 (diastolic) is required for bp"_s
                                : u"value2 '"_s + shown(value2Text) + u"' is not a number"_s);
            return;
        }
    } else if (!value2Text.isEmpty()) {
        m_b.reject(loc, u"value2 is only used for bp (diastolic)"_s);
        return;
    }

    const QByteArrayView unit = trimmed(column(ColUnit));
    if (unit.isEmpty()) {
        if (!hasSingleUnit(*kind)) {
            m_b.reject(loc, u"unit is required for "_s + kindName(*kind));
            return;
        }
    } else {
        const std::optional<double> c1 = toCanonical(*kind, unit, *v1);
        if (!c1) {
            m_b.reject(loc, u"unit '"_s + shown(unit) + u"' is not a unit of "_s + kindName(*kind));
            return;
        }
        v1 = c1;
        if (v2)
            v2 = toCanonical(*kind, unit, *v2);
    }

    const QByteArrayView sourceText = trimmed(column(ColSource));
    Source source;
    if (equalsIgnoreCase(sourceText, "device")) {
        source = Source::Device;
    } else if (equalsIgnoreCase(sourceText, "manual")) {
        source = Source::Manual;
    } else {
        m_b.reject(loc, u"source must be device or manual, found '"_s + shown(sourceText) + u'\'');
        return;
    }

    const QByteArrayView serial = trimmed(column(ColSerial));
    if (!serial.isValidUtf8()) {
        m_b.reject(loc, u"device_serial is not valid UTF-8"_s);
        return;
    }

    if (const QString why = checkPlausible(*kind, *v1, v2); !why.isEmpty()) {
        m_b.reject(loc, why);
        return;
    }

    ParsedReading r;
    r.patient = m_b.patientFromBytes(mrn);
    r.device = serial.isEmpty() ? -1 : m_b.deviceFromBytes(serial);
    r.kind = *kind;
    r.source = source;
    r.value1 = *v1;
    r.value2 = v2;
    r.takenAtMs = t->msecsSinceEpoch;
    r.externalSource = m_csvSource;
    const QByteArrayView externalId = trimmed(column(ColExternalId));
    if (!externalId.isEmpty()) {
        r.externalId = QString::fromUtf8(externalId);
    } else {
        QByteArray key;
        key.reserve(mrn.size() + serial.size() + 40);
        key.append(mrn).append('|').append(serial).append('|');
        key.append(kindName(*kind).toLatin1()).append('|');
        key.append(QByteArray::number(t->msecsSinceEpoch));
        r.externalId = QString::fromUtf8(key);
    }
    r.location = loc;
    batch.readings.push_back(std::move(r));
}

ReadBatch runCsv(const ReadOptions &options, const QString &sourceName,
                 const std::function<void(detail::BatchBuilder &, CsvParser &)> &drive)
{
    ReadBatch batch;
    batch.sourceName = sourceName;
    batch.format = ReadBatch::Format::Csv;
    detail::BatchBuilder builder(batch, options);
    CsvParser parser(builder);
    drive(builder, parser);
    if (!builder.failed())
        builder.progress(batch.bytesRead, true);
    builder.finish();
    return batch;
}

} // namespace

CsvReader::CsvReader(ReadOptions options)
    : m_options(std::move(options))
{}

QStringList CsvReader::requiredColumns()
{
    QStringList out;
    for (const ColumnSpec &c : columnSpecs) {
        if (c.required)
            out << QLatin1StringView(c.name);
    }
    return out;
}

QStringList CsvReader::optionalColumns()
{
    QStringList out;
    for (const ColumnSpec &c : columnSpecs) {
        if (!c.required)
            out << QLatin1StringView(c.name);
    }
    return out;
}

ReadBatch CsvReader::read(QByteArrayView data, const QString &sourceName) const
{
    return runCsv(m_options, sourceName, [&](detail::BatchBuilder &b, CsvParser &p) {
        b.setTotal(data.size());
        p.consume(data, 0, true);
    });
}

ReadBatch CsvReader::read(QIODevice &device, const QString &sourceName) const
{
    return runCsv(m_options, sourceName, [&](detail::BatchBuilder &b, CsvParser &p) {
        b.setTotal(device.isSequential() ? -1 : device.size());
        detail::feedDevice(device, b, [&](QByteArrayView buf, qint64 offset, bool atEof) {
            return p.consume(buf, offset, atEof);
        });
    });
}

ReadBatch CsvReader::readFile(const QString &path) const
{
    return runCsv(m_options, detail::displayName(path), [&](detail::BatchBuilder &b, CsvParser &p) {
        detail::readPath(
            path, b, [&](QByteArrayView data) { p.consume(data, 0, true); },
            [&](QIODevice &device) {
                detail::feedDevice(device, b, [&](QByteArrayView buf, qint64 offset, bool atEof) {
                    return p.consume(buf, offset, atEof);
                });
            });
    });
}

} // namespace vd::ingest
