#include "ingest/fhirreader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <tuple>

#include <QDateTime>
#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QThread>

#include "ingest/batchbuilder_p.h"
#include "ingest/guard_p.h"
#include "ingest/isotime.h"

using namespace Qt::Literals::StringLiterals;

namespace vd::ingest {

namespace {

// Thrown for a JSON type the reader needs that is wrong; caught per file and turned into
// ReadBatch::fatalError. Never leaves this file.
struct Malformed
{
    QString where;
    QString message;
};

// A field path for error messages, built only when an error is reported:
// a[i]b[j]c, e.g. {u"Observation.component", 2, u".code.coding", 0}.
struct JsonPath
{
    QStringView a;
    qsizetype i = -1;
    QStringView b = {};
    qsizetype j = -1;
    QStringView c = {};

    QString toString() const
    {
        QString s = a.toString();
        if (i >= 0)
            s += u'[' + QString::number(i) + u']';
        s += b;
        if (j >= 0)
            s += u'[' + QString::number(j) + u']';
        s += c;
        return s;
    }
};

// The path of the CodeableConcept that holds `codingPath` (which ends in ".coding").
JsonPath conceptOf(JsonPath p)
{
    constexpr qsizetype suffix = 7; // ".coding"
    QStringView &last = !p.c.isEmpty() ? p.c : !p.b.isEmpty() ? p.b : p.a;
    if (last.endsWith(u".coding"))
        last.chop(suffix);
    return p;
}

QLatin1StringView jsonTypeName(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
        return "null"_L1;
    case QJsonValue::Bool:
        return "a boolean"_L1;
    case QJsonValue::Double:
        return "a number"_L1;
    case QJsonValue::String:
        return "a string"_L1;
    case QJsonValue::Array:
        return "an array"_L1;
    case QJsonValue::Object:
        return "an object"_L1;
    case QJsonValue::Undefined:
        break;
    }
    return "nothing"_L1;
}

constexpr std::array<QLatin1StringView, 8> observationStatuses{
    "registered"_L1, "preliminary"_L1,      "final"_L1,     "amended"_L1,
    "corrected"_L1,  "entered-in-error"_L1, "cancelled"_L1, "unknown"_L1};

// Shown in messages: at most 40 characters.
QString shown(const QString &s)
{
    return s.size() > 40 ? s.left(40) + u"..."_s : s;
}

// "Patient/1", "http://x/fhir/Patient/1/_history/2" -> "Patient/1"; "urn:uuid:.." -> "".
QString relativeReference(const QString &ref)
{
    QStringView v(ref);
    const qsizetype history = v.indexOf(u"/_history/");
    if (history >= 0)
        v = v.first(history);
    const qsizetype slash = v.lastIndexOf(u'/');
    if (slash <= 0)
        return {};
    const qsizetype typeStart = v.lastIndexOf(u'/', slash - 1) + 1;
    const QStringView type = v.sliced(typeStart, slash - typeStart);
    const QStringView id = v.sliced(slash + 1);
    if (type.isEmpty() || id.isEmpty() || !type.front().isUpper())
        return {};
    for (const QChar ch : type) {
        if (!ch.isLetter())
            return {};
    }
    return type.toString() + u'/' + id.toString();
}

struct Indexed
{
    QString type;
    QStringList identifiers; // values, in order
    QString mrIdentifier;    // first identifier typed MR
    QString serial;          // Device.serialNumber
};

struct Ref
{
    QString reference;
    QString display;
    QString type;
    QString idValue;

    bool hasAny() const { return !reference.isEmpty() || !display.isEmpty() || !idValue.isEmpty(); }
};

struct CodeMatch
{
    const LoincMapping *mapping = nullptr;
    bool conflict = false;
    QString first; // "system|code" of the first coding, for messages
};

enum class Outcome
{
    Ok,
    Skip,
    Reject
};

struct Quantity
{
    Outcome outcome = Outcome::Ok;
    double value = 0;
    QString unit;
    SkipReason skip = SkipReason::NoValue;
    QString message;
};

struct When
{
    Outcome outcome = Outcome::Ok;
    qint64 ms = 0;
    bool dateOnly = false;
    SkipReason skip = SkipReason::NoEffectiveTime;
    QString message;
};

// One non-blank NDJSON line, parsed before it is processed.
struct NdjsonLine
{
    qint64 number;
    QByteArrayView text;
    qint64 endOffset; // input offset after the line, for progress
    QJsonDocument doc;
    QJsonParseError error;
};

struct Half
{
    ParsedReading reading; // value1 holds the half's value
    bool systolic = false;
};

class FhirParser
{
public:
    explicit FhirParser(detail::BatchBuilder &builder)
        : m_b(builder)
        , m_opt(builder.options())
    {}

    void readWhole(QByteArrayView data);
    void readDevice(QIODevice &device);
    void finish();

private:
    enum class Mode
    {
        Ndjson,
        Document,
        NeedMore
    };
    static Mode classify(QByteArrayView body, bool atEof);
    void parseDocument(QByteArrayView body);
    qsizetype consumeNdjson(QByteArrayView buf, qint64 offset, bool atEof);
    void parseLines(std::vector<NdjsonLine> &lines) const;
    bool processLines(std::vector<NdjsonLine> &lines);

    void processTop(const QJsonObject &resource, const Location &loc);
    void processBundle(const QJsonObject &bundle, const Location &loc);
    void processObservation(const QJsonObject &obs, const Location &loc, const QString &fullUrl);
    void indexResource(const QJsonObject &resource, const QString &type, const QString &fullUrl);
    Indexed describe(const QJsonObject &resource, const QString &type, QStringView path);
    const Indexed *lookup(const QString &reference) const;

    // Typed access: absent (or JSON null) gives an empty value, a wrong type throws.
    QString str(const QJsonObject &o, QLatin1StringView key, const JsonPath &path) const;
    QJsonObject obj(const QJsonObject &o, QLatin1StringView key, const JsonPath &path) const;
    QJsonArray arr(const QJsonObject &o, QLatin1StringView key, const JsonPath &path) const;
    std::optional<double> num(const QJsonObject &o, QLatin1StringView key,
                              const JsonPath &path) const;
    QJsonObject element(const QJsonArray &a, qsizetype i, const JsonPath &path) const;
    [[noreturn]] void wrongType(const JsonPath &path, QLatin1StringView key, const QJsonValue &v,
                                QLatin1StringView expected) const;

    CodeMatch matchCode(const QJsonObject &cc, const JsonPath &codingPath) const;
    QString firstCode(const QJsonObject &cc, const JsonPath &codingPath) const;
    Ref readRef(const QJsonObject &o, QStringView path) const;
    QJsonObject findContained(const QJsonObject &obs, QStringView id) const;
    QString referenceType(const Ref &ref, const QJsonObject &obs) const;
    Quantity quantity(const QJsonObject &holder, const JsonPath &path) const;
    When effective(const QJsonObject &obs) const;
    When parseWhen(const QString &text, QLatin1StringView field) const;
    qint32 internPatient(const Ref &subject, const QJsonObject &obs);
    qint32 internDevice(const Ref &device, const QJsonObject &obs);
    void mergePatient(PatientInfo &p, const Indexed &x) const;
    void mergeDevice(DeviceInfo &d, const Indexed &x) const;
    void pairHalves();
    void compact();

    detail::BatchBuilder &m_b;
    const ReadOptions &m_opt;
    Location m_loc;
    qint64 m_lineNo = 0;
    std::vector<Indexed> m_indexed;
    QHash<QString, qint32> m_indexKeys;
    std::vector<qint32> m_unresolvedPatients;
    std::vector<qint32> m_unresolvedDevices;
    std::vector<Half> m_halves;
    const QString m_fhir = u"fhir"_s;
};

// --- typed JSON access ---------------------------------------------------------------

void FhirParser::wrongType(const JsonPath &path, QLatin1StringView key, const QJsonValue &v,
                           QLatin1StringView expected) const
{
    QString where = m_loc.isNull() ? QString() : m_loc.toString() + u' ';
    where += path.toString();
    if (!key.isEmpty())
        where += u'.' + QString(key);
    throw Malformed{where, u"must be "_s + expected + u", found "_s + jsonTypeName(v)};
}

QString FhirParser::str(const QJsonObject &o, QLatin1StringView key, const JsonPath &path) const
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isString())
        wrongType(path, key, v, "a string"_L1);
    return v.toString();
}

QJsonObject FhirParser::obj(const QJsonObject &o, QLatin1StringView key, const JsonPath &path) const
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isObject())
        wrongType(path, key, v, "an object"_L1);
    return v.toObject();
}

QJsonArray FhirParser::arr(const QJsonObject &o, QLatin1StringView key, const JsonPath &path) const
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return {};
    if (!v.isArray())
        wrongType(path, key, v, "an array"_L1);
    return v.toArray();
}

std::optional<double> FhirParser::num(const QJsonObject &o, QLatin1StringView key,
                                      const JsonPath &path) const
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull())
        return std::nullopt;
    if (!v.isDouble())
        wrongType(path, key, v, "a number"_L1);
    return v.toDouble();
}

QJsonObject FhirParser::element(const QJsonArray &a, qsizetype i, const JsonPath &path) const
{
    const QJsonValue v = a.at(i);
    if (!v.isObject())
        wrongType(path, {}, v, "an object"_L1);
    return v.toObject();
}

// --- input modes -----------------------------------------------------------------------

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

FhirParser::Mode FhirParser::classify(QByteArrayView body, bool atEof)
{
    const char *d = body.data();
    const qsizetype n = body.size();
    qsizetype i = 0;
    while (i < n && isJsonSpace(d[i]))
        ++i;
    if (i == n)
        return atEof ? Mode::Document : Mode::NeedMore;
    const void *nl = std::memchr(d + i, '\n', std::size_t(n - i));
    if (!nl)
        return (atEof || n > detail::maxRecordBytes) ? Mode::Document : Mode::NeedMore;
    const qsizetype lineEnd = static_cast<const char *>(nl) - d;
    qsizetype k = lineEnd + 1;
    while (k < n && isJsonSpace(d[k]))
        ++k;
    if (k == n)
        return atEof ? Mode::Document : Mode::NeedMore;
    QJsonParseError error;
    const QJsonDocument first =
        QJsonDocument::fromJson(QByteArray::fromRawData(d + i, lineEnd - i), &error);
    return (error.error == QJsonParseError::NoError && first.isObject()) ? Mode::Ndjson
                                                                         : Mode::Document;
}

QString lineColumn(QByteArrayView text, qsizetype offset)
{
    offset = qBound<qsizetype>(0, offset, text.size());
    qint64 line = 1;
    qsizetype lineStart = 0;
    for (qsizetype i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    return u"line "_s + QString::number(line) + u", column "_s +
           QString::number(offset - lineStart + 1);
}

void FhirParser::readWhole(QByteArrayView data)
{
    const QByteArrayView body = detail::stripBom(data);
    if (classify(body, true) == Mode::Ndjson) {
        m_b.batch().format = ReadBatch::Format::FhirNdjson;
        consumeNdjson(data, 0, true);
    } else {
        m_b.batch().format = ReadBatch::Format::FhirJson;
        parseDocument(body);
    }
    if (!m_b.failed())
        m_b.progress(data.size(), true);
}

void FhirParser::readDevice(QIODevice &device)
{
    QByteArray head;
    bool eof = false;
    Mode mode = Mode::NeedMore;
    while (mode == Mode::NeedMore) {
        eof = !detail::readChunk(device, head, 1 << 20, m_b);
        if (m_b.failed())
            return;
        mode = classify(detail::stripBom(head), eof);
    }
    if (mode == Mode::Ndjson) {
        m_b.batch().format = ReadBatch::Format::FhirNdjson;
        detail::feedDevice(
            device, m_b,
            [this](QByteArrayView buf, qint64 offset, bool atEof) {
                return consumeNdjson(buf, offset, atEof);
            },
            std::move(head));
        return;
    }
    m_b.batch().format = ReadBatch::Format::FhirJson;
    while (!eof) {
        eof = !detail::readChunk(device, head, 1 << 22, m_b);
        if (m_b.failed())
            return;
    }
    parseDocument(detail::stripBom(head));
    if (!m_b.failed())
        m_b.progress(head.size(), true);
}

void FhirParser::parseDocument(QByteArrayView body)
{
    qsizetype i = 0;
    while (i < body.size() && isJsonSpace(body[i]))
        ++i;
    if (i == body.size()) {
        m_b.fatal({}, u"empty file: expected a FHIR resource or Bundle"_s);
        return;
    }
    QJsonParseError error;
    const QJsonDocument doc =
        QJsonDocument::fromJson(QByteArray::fromRawData(body.data(), body.size()), &error);
    if (error.error != QJsonParseError::NoError) {
        m_b.fatal(lineColumn(body, error.offset), u"invalid JSON: "_s + error.errorString());
        return;
    }
    if (!doc.isObject()) {
        m_b.fatal({}, u"expected a JSON object (a FHIR resource or Bundle)"_s);
        return;
    }
    try {
        processTop(doc.object(), Location{});
    } catch (const Malformed &e) {
        m_b.fatal(e.where, e.message);
    }
}

qsizetype FhirParser::consumeNdjson(QByteArrayView buf, qint64 offset, bool atEof)
{
    qsizetype pos = 0;
    if (offset == 0 && m_lineNo == 0) {
        if (buf.size() < 3 && !atEof)
            return 0;
        pos = buf.size() - detail::stripBom(buf).size();
    }
    // Lines are collected in batches, parsed (in parallel when the batch is large) and then
    // processed strictly in order, so results and the first error are the same as line by
    // line.
    constexpr std::size_t batchLines = 4096;
    constexpr qsizetype batchBytes = 8 * 1024 * 1024;
    std::vector<NdjsonLine> batch;
    qsizetype bytes = 0;
    const char *d = buf.data();
    while (pos < buf.size()) {
        const void *nl = std::memchr(d + pos, '\n', std::size_t(buf.size() - pos));
        if (!nl && !atEof)
            break;
        const qsizetype end = nl ? static_cast<const char *>(nl) - d : buf.size();
        ++m_lineNo;
        QByteArrayView line = buf.sliced(pos, end - pos);
        while (!line.isEmpty() && isJsonSpace(line.back()))
            line.chop(1);
        pos = nl ? end + 1 : buf.size();
        if (std::all_of(line.begin(), line.end(), isJsonSpace))
            continue; // blank line
        batch.push_back(NdjsonLine{m_lineNo, line, offset + pos, {}, {}});
        bytes += line.size();
        if (batch.size() >= batchLines || bytes >= batchBytes) {
            if (!processLines(batch))
                return -1;
            batch.clear();
            bytes = 0;
        }
    }
    if (!processLines(batch))
        return -1;
    return pos;
}

void FhirParser::parseLines(std::vector<NdjsonLine> &lines) const
{
    const auto parseRange = [&lines](std::size_t from, std::size_t to) {
        for (std::size_t i = from; i < to; ++i) {
            NdjsonLine &l = lines[i];
            l.doc = QJsonDocument::fromJson(QByteArray::fromRawData(l.text.data(), l.text.size()),
                                            &l.error);
        }
    };
    const std::size_t n = lines.size();
    int threads = m_opt.parseThreads;
    if (threads <= 0)
        threads = qBound(1, QThread::idealThreadCount(), 4);
    if (threads == 1 || n < 256) {
        parseRange(0, n);
        return;
    }
    const std::size_t per = (n + std::size_t(threads) - 1) / std::size_t(threads);
    std::vector<std::unique_ptr<QThread>> helpers;
    for (std::size_t from = per; from < n; from += per) {
        const std::size_t to = qMin(n, from + per);
        helpers.emplace_back(QThread::create(parseRange, from, to));
        helpers.back()->start();
    }
    parseRange(0, qMin(n, per));
    for (const auto &t : helpers)
        t->wait();
}

bool FhirParser::processLines(std::vector<NdjsonLine> &lines)
{
    parseLines(lines);
    for (const NdjsonLine &l : lines) {
        const QString where = u"line "_s + QString::number(l.number);
        if (l.error.error != QJsonParseError::NoError) {
            m_b.fatal(where + u", column "_s + QString::number(l.error.offset + 1),
                      u"invalid JSON: "_s + l.error.errorString());
            return false;
        }
        if (!l.doc.isObject()) {
            m_b.fatal(where, u"expected a JSON object (one FHIR resource per line)"_s);
            return false;
        }
        try {
            processTop(l.doc.object(), Location{l.number, -1});
        } catch (const Malformed &e) {
            m_b.fatal(e.where, e.message);
        }
        if (m_b.failed() || !m_b.progress(l.endOffset))
            return false;
    }
    return true;
}

// --- resources -------------------------------------------------------------------------

void FhirParser::processTop(const QJsonObject &resource, const Location &loc)
{
    m_loc = loc;
    const QString type = str(resource, "resourceType"_L1, {u"resource"});
    if (type.isEmpty()) {
        throw Malformed{loc.isNull() ? QString() : loc.toString(),
                        u"not a FHIR resource (no resourceType)"_s};
    }
    if (type == "Bundle"_L1) {
        processBundle(resource, loc);
        return;
    }
    ++m_b.batch().recordsSeen;
    if (type == "Observation"_L1) {
        processObservation(resource, loc, {});
        return;
    }
    indexResource(resource, type, {});
    m_b.skip(loc, SkipReason::NotAnObservation, shown(type));
}

void FhirParser::processBundle(const QJsonObject &bundle, const Location &loc)
{
    const QJsonArray entries = arr(bundle, "entry"_L1, {u"Bundle"});
    // Pass 1: index Patient, Device and the other non-Observation resources, so that
    // references resolve whatever the entry order.
    for (qsizetype i = 0; i < entries.size(); ++i) {
        m_loc = Location{
            loc.line, static_cast<qint32>(qMin<qsizetype>(i, std::numeric_limits<qint32>::max()))};
        const QJsonObject entry = element(entries, i, {u"Bundle.entry", i});
        const QJsonObject resource = obj(entry, "resource"_L1, {u"Bundle.entry", i});
        const QString fullUrl = str(entry, "fullUrl"_L1, {u"Bundle.entry", i});
        if (resource.isEmpty())
            continue;
        const QString type = str(resource, "resourceType"_L1, {u"Bundle.entry", i, u".resource"});
        if (!type.isEmpty() && type != "Observation"_L1)
            indexResource(resource, type, fullUrl);
    }
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const Location eloc{
            loc.line, static_cast<qint32>(qMin<qsizetype>(i, std::numeric_limits<qint32>::max()))};
        m_loc = eloc;
        ++m_b.batch().recordsSeen;
        const QJsonObject entry = entries.at(i).toObject();
        const QJsonObject resource = entry.value("resource"_L1).toObject();
        if (resource.isEmpty()) {
            m_b.skip(eloc, SkipReason::EntryWithoutResource, u"entry has no resource"_s);
            continue;
        }
        const QString type = resource.value("resourceType"_L1).toString();
        if (type.isEmpty()) {
            m_b.reject(eloc, u"resource has no resourceType"_s);
        } else if (type == "Observation"_L1) {
            processObservation(resource, eloc, entry.value("fullUrl"_L1).toString());
        } else {
            m_b.skip(eloc, SkipReason::NotAnObservation, shown(type));
        }
    }
}

Indexed FhirParser::describe(const QJsonObject &resource, const QString &type, QStringView path)
{
    Indexed x;
    x.type = type;
    const bool patient = type == "Patient"_L1;
    const bool device = type == "Device"_L1;
    if (!patient && !device)
        return x;
    const QJsonArray ids = arr(resource, "identifier"_L1, {path});
    for (qsizetype i = 0; i < ids.size(); ++i) {
        const JsonPath idPath{path, -1, u".identifier", i};
        const QJsonObject id = element(ids, i, idPath);
        const QString value = str(id, "value"_L1, idPath);
        const QString system = str(id, "system"_L1, idPath);
        const QJsonObject idType = obj(id, "type"_L1, idPath);
        QString typeCode;
        const QJsonArray codings =
            arr(idType, "coding"_L1, {path, -1, u".identifier", i, u".type"});
        for (qsizetype k = 0; k < codings.size() && typeCode.isEmpty(); ++k) {
            const JsonPath codingPath{path, -1, u".identifier", i, u".type.coding"};
            typeCode = str(element(codings, k, codingPath), "code"_L1, codingPath);
        }
        // Social security numbers are not for matching a record; leave them out.
        if (value.isEmpty() || typeCode == "SS"_L1 || system == "http://hl7.org/fhir/sid/us-ssn"_L1)
            continue;
        if (!x.identifiers.contains(value))
            x.identifiers << value;
        if (x.mrIdentifier.isEmpty() && typeCode == "MR"_L1)
            x.mrIdentifier = value;
    }
    if (device)
        x.serial = str(resource, "serialNumber"_L1, {path});
    return x;
}

void FhirParser::indexResource(const QJsonObject &resource, const QString &type,
                               const QString &fullUrl)
{
    const QString id = str(resource, "id"_L1, {type});
    if (id.isEmpty() && fullUrl.isEmpty())
        return;
    const auto index = static_cast<qint32>(m_indexed.size());
    m_indexed.push_back(describe(resource, type, type));
    if (!fullUrl.isEmpty())
        m_indexKeys.insert(fullUrl, index);
    if (!id.isEmpty())
        m_indexKeys.insert(type + u'/' + id, index);
}

const Indexed *FhirParser::lookup(const QString &reference) const
{
    auto it = m_indexKeys.constFind(reference);
    if (it == m_indexKeys.constEnd()) {
        const QString relative = relativeReference(reference);
        if (relative.isEmpty())
            return nullptr;
        it = m_indexKeys.constFind(relative);
        if (it == m_indexKeys.constEnd())
            return nullptr;
    }
    return &m_indexed[static_cast<std::size_t>(it.value())];
}

CodeMatch FhirParser::matchCode(const QJsonObject &cc, const JsonPath &codingPath) const
{
    CodeMatch m;
    const JsonPath ccPath = conceptOf(codingPath);
    const QJsonArray codings = arr(cc, "coding"_L1, ccPath);
    for (qsizetype i = 0; i < codings.size(); ++i) {
        const JsonPath path{codingPath.a, codingPath.i, codingPath.b, i};
        const QJsonObject coding = element(codings, i, path);
        const QString system = str(coding, "system"_L1, path);
        const QString code = str(coding, "code"_L1, path);
        if (m.first.isEmpty())
            m.first = shown(system) + u'|' + shown(code);
        if (system != loincSystem)
            continue;
        const LoincMapping *found = findLoinc(QStringView(code));
        if (!found)
            continue;
        if (m.mapping && (m.mapping->kind != found->kind || m.mapping->role != found->role)) {
            m.conflict = true;
            m.first =
                QLatin1StringView(m.mapping->code) + u" and "_s + QLatin1StringView(found->code);
        }
        if (!m.mapping)
            m.mapping = found;
    }
    if (m.first.isEmpty()) {
        const QString text = str(cc, "text"_L1, ccPath);
        m.first = text.isEmpty() ? u"(no coding)"_s : u"text '"_s + shown(text) + u'\'';
    }
    return m;
}

QString FhirParser::firstCode(const QJsonObject &cc, const JsonPath &codingPath) const
{
    const QJsonArray codings = arr(cc, "coding"_L1, conceptOf(codingPath));
    for (qsizetype i = 0; i < codings.size(); ++i) {
        const JsonPath path{codingPath.a, codingPath.i, codingPath.b, i};
        const QString code = str(element(codings, i, path), "code"_L1, path);
        if (!code.isEmpty())
            return shown(code);
    }
    return {};
}

Ref FhirParser::readRef(const QJsonObject &o, QStringView path) const
{
    Ref r;
    if (o.isEmpty())
        return r;
    r.reference = str(o, "reference"_L1, {path});
    r.display = str(o, "display"_L1, {path});
    r.type = str(o, "type"_L1, {path});
    const QJsonObject id = obj(o, "identifier"_L1, {path});
    if (!id.isEmpty())
        r.idValue = str(id, "value"_L1, {path, -1, u".identifier"});
    return r;
}

QJsonObject FhirParser::findContained(const QJsonObject &obs, QStringView id) const
{
    const QJsonArray contained = arr(obs, "contained"_L1, {u"Observation"});
    for (qsizetype i = 0; i < contained.size(); ++i) {
        const QJsonObject c = element(contained, i, {u"Observation.contained", i});
        if (str(c, "id"_L1, {u"Observation.contained", i}) == id)
            return c;
    }
    return {};
}

QString FhirParser::referenceType(const Ref &ref, const QJsonObject &obs) const
{
    if (!ref.type.isEmpty())
        return ref.type;
    if (ref.reference.isEmpty())
        return {};
    if (ref.reference.startsWith(u'#')) {
        const QJsonObject c = findContained(obs, QStringView(ref.reference).sliced(1));
        return str(c, "resourceType"_L1, {u"Observation.contained"});
    }
    if (const Indexed *x = lookup(ref.reference))
        return x->type;
    const QString relative = relativeReference(ref.reference);
    return relative.left(relative.indexOf(u'/'));
}

Quantity FhirParser::quantity(const QJsonObject &holder, const JsonPath &path) const
{
    Quantity q;
    q.outcome = Outcome::Skip;
    if (holder.contains("dataAbsentReason"_L1)) {
        const QJsonObject dar = obj(holder, "dataAbsentReason"_L1, path);
        const QString code = firstCode(dar, {path.a, path.i, u".dataAbsentReason.coding"});
        q.skip = SkipReason::DataAbsent;
        q.message = u"dataAbsentReason"_s + (code.isEmpty() ? QString() : u' ' + code);
        return q;
    }
    if (!holder.contains("valueQuantity"_L1)) {
        for (auto it = holder.constBegin(); it != holder.constEnd(); ++it) {
            const QString key = it.key();
            if (key.size() > 5 && key.startsWith("value"_L1) && key.at(5).isUpper()) {
                q.skip = SkipReason::NotAQuantity;
                q.message = u"value is "_s + shown(key) + u", not valueQuantity"_s;
                return q;
            }
        }
        q.skip = SkipReason::NoValue;
        q.message = u"no value"_s;
        return q;
    }
    const JsonPath vqPath{path.a, path.i, u".valueQuantity"};
    const QJsonObject vq = obj(holder, "valueQuantity"_L1, {path.a, path.i, path.b});
    const std::optional<double> value = num(vq, "value"_L1, vqPath);
    if (!value) {
        q.skip = SkipReason::NoValue;
        q.message = u"valueQuantity has no value"_s;
        return q;
    }
    const QString comparator = str(vq, "comparator"_L1, vqPath);
    if (!comparator.isEmpty()) {
        q.skip = SkipReason::InexactValue;
        q.message = u"value has comparator "_s + shown(comparator);
        return q;
    }
    const QString code = str(vq, "code"_L1, vqPath);
    const QString unit = str(vq, "unit"_L1, vqPath);
    q.outcome = Outcome::Ok;
    q.value = *value;
    q.unit = code.isEmpty() ? unit : code;
    return q;
}

When FhirParser::parseWhen(const QString &text, QLatin1StringView field) const
{
    When w;
    const std::optional<IsoTime> t = parseIsoTime(QStringView(text));
    if (!t) {
        w.outcome = Outcome::Reject;
        w.message = field + u" '"_s + shown(text) + u"' is not a valid dateTime"_s;
        return w;
    }
    if (t->precision == TimePrecision::Time) {
        if (!t->hasOffset) {
            w.outcome = Outcome::Reject;
            w.message = field + u" '"_s + shown(text) + u"' has a time of day but no UTC offset"_s;
            return w;
        }
        w.ms = t->msecsSinceEpoch;
        return w;
    }
    if (t->precision == TimePrecision::Day && m_opt.dateOnly == DateOnlyPolicy::AssumeNoon) {
        const QTimeZone zone =
            m_opt.dateOnlyZone.isValid() ? m_opt.dateOnlyZone : QTimeZone::systemTimeZone();
        w.ms = QDateTime(QDate(t->year, t->month, t->day), QTime(12, 0), zone).toMSecsSinceEpoch();
        w.dateOnly = true;
        return w;
    }
    w.outcome = Outcome::Skip;
    w.skip = SkipReason::ImpreciseTime;
    w.message = field + u" '"_s + shown(text) + u"' has no time of day"_s;
    return w;
}

When FhirParser::effective(const QJsonObject &obs) const
{
    const JsonPath p{u"Observation"};
    if (obs.contains("effectiveDateTime"_L1))
        return parseWhen(str(obs, "effectiveDateTime"_L1, p), "effectiveDateTime"_L1);
    if (obs.contains("effectiveInstant"_L1))
        return parseWhen(str(obs, "effectiveInstant"_L1, p), "effectiveInstant"_L1);
    When w;
    w.outcome = Outcome::Skip;
    w.skip = SkipReason::NoEffectiveTime;
    if (obs.contains("effectivePeriod"_L1)) {
        const QJsonObject period = obj(obs, "effectivePeriod"_L1, p);
        if (period.contains("start"_L1)) {
            return parseWhen(str(period, "start"_L1, {u"Observation.effectivePeriod"}),
                             "effectivePeriod.start"_L1);
        }
        w.message = u"effectivePeriod has no start"_s;
    } else if (obs.contains("effectiveTiming"_L1)) {
        w.message = u"effectiveTiming is not supported"_s;
    } else {
        w.message = u"no effective time"_s;
    }
    return w;
}

void FhirParser::mergePatient(PatientInfo &p, const Indexed &x) const
{
    for (const QString &id : x.identifiers) {
        if (!p.identifiers.contains(id))
            p.identifiers << id;
    }
    if (p.mrn.isEmpty())
        p.mrn = x.mrIdentifier.isEmpty() ? x.identifiers.value(0) : x.mrIdentifier;
}

void FhirParser::mergeDevice(DeviceInfo &d, const Indexed &x) const
{
    if (!x.serial.isEmpty()) {
        d.serial = x.serial;
        if (!d.identifiers.contains(x.serial))
            d.identifiers << x.serial;
    }
    for (const QString &id : x.identifiers) {
        if (!d.identifiers.contains(id))
            d.identifiers << id;
    }
    if (d.serial.isEmpty())
        d.serial = x.identifiers.value(0);
}

qint32 FhirParser::internPatient(const Ref &subject, const QJsonObject &obs)
{
    // The usual subject is a plain reference: use it as the key as is (no allocation).
    QString key = subject.idValue.isEmpty() ? subject.reference
                                            : subject.reference + u'\x1f' + subject.idValue;
    const bool contained = subject.reference.startsWith(u'#');
    Indexed resolved;
    if (contained) {
        const QJsonObject c = findContained(obs, QStringView(subject.reference).sliced(1));
        resolved = describe(c, u"Patient"_s, u"Observation.contained");
        key += u'\x1f' + resolved.identifiers.join(u'\x1f');
    }
    bool created = false;
    const qint32 index = m_b.patientIndex(key, &created);
    if (created) {
        PatientInfo &p = m_b.batch().patients[static_cast<std::size_t>(index)];
        p.reference = subject.reference;
        if (!subject.idValue.isEmpty()) {
            p.mrn = subject.idValue;
            p.identifiers << subject.idValue;
        }
        if (contained)
            mergePatient(p, resolved);
        else if (!subject.reference.isEmpty())
            m_unresolvedPatients.push_back(index);
    }
    return index;
}

qint32 FhirParser::internDevice(const Ref &device, const QJsonObject &obs)
{
    QString key = device.idValue.isEmpty() && device.display.isEmpty()
                      ? device.reference
                      : device.reference + u'\x1f' + device.idValue + u'\x1f' + device.display;
    const bool contained = device.reference.startsWith(u'#');
    Indexed resolved;
    if (contained) {
        const QJsonObject c = findContained(obs, QStringView(device.reference).sliced(1));
        const QString type = str(c, "resourceType"_L1, {u"Observation.contained"});
        resolved = describe(c, type, u"Observation.contained");
        key += u'\x1f' + resolved.serial + u'\x1f' + resolved.identifiers.join(u'\x1f');
    }
    bool created = false;
    const qint32 index = m_b.deviceIndex(key, &created);
    if (created) {
        DeviceInfo &d = m_b.batch().devices[static_cast<std::size_t>(index)];
        d.reference = device.reference;
        d.display = device.display;
        if (!device.idValue.isEmpty()) {
            d.serial = device.idValue;
            d.identifiers << device.idValue;
        }
        if (contained)
            mergeDevice(d, resolved);
        else if (!device.reference.isEmpty())
            m_unresolvedDevices.push_back(index);
    }
    return index;
}

void FhirParser::processObservation(const QJsonObject &obs, const Location &loc,
                                    const QString &fullUrl)
{
    m_loc = loc;
    const JsonPath p{u"Observation"};

    // 1. status
    const QString status = str(obs, "status"_L1, p);
    if (status.isEmpty()) {
        m_b.reject(loc, u"Observation has no status"_s);
        return;
    }
    if (std::find(observationStatuses.begin(), observationStatuses.end(), status) ==
        observationStatuses.end()) {
        m_b.reject(loc, u"invalid Observation.status '"_s + shown(status) + u'\'');
        return;
    }
    if (m_opt.skippedStatuses.contains(status)) {
        m_b.skip(loc, SkipReason::StatusExcluded, u"status "_s + status);
        return;
    }

    // 2. code
    const CodeMatch code = matchCode(obj(obs, "code"_L1, p), {u"Observation.code.coding"});
    if (code.conflict) {
        m_b.reject(loc, u"Observation.code has LOINC codes of different kinds: "_s + code.first);
        return;
    }
    if (!code.mapping) {
        m_b.skip(loc, SkipReason::UnsupportedCode, u"unsupported code "_s + code.first);
        return;
    }
    const Kind kind = code.mapping->kind;
    const CodeRole role = code.mapping->role;

    // 3. subject
    const Ref subject = readRef(obj(obs, "subject"_L1, p), u"Observation.subject");
    if (subject.reference.isEmpty() && subject.idValue.isEmpty()) {
        m_b.reject(loc, u"Observation has no subject reference or identifier"_s);
        return;
    }
    if (const QString type = referenceType(subject, obs); !type.isEmpty() && type != "Patient"_L1) {
        m_b.skip(loc, SkipReason::SubjectNotPatient, u"subject is a "_s + shown(type));
        return;
    }

    // 4. values
    Quantity q1;
    Quantity q2;
    q2.outcome = Outcome::Ok;
    if (obs.contains("dataAbsentReason"_L1)) {
        q1 = quantity(obs, p); // reports the dataAbsentReason
    } else if (role == CodeRole::BloodPressurePanel) {
        const QJsonArray components = arr(obs, "component"_L1, p);
        qsizetype sys = -1;
        qsizetype dia = -1;
        for (qsizetype i = 0; i < components.size(); ++i) {
            const QJsonObject c = element(components, i, {u"Observation.component", i});
            const CodeMatch m = matchCode(obj(c, "code"_L1, {u"Observation.component", i}),
                                          {u"Observation.component", i, u".code.coding"});
            if (!m.mapping ||
                (m.mapping->role != CodeRole::Systolic && m.mapping->role != CodeRole::Diastolic))
                continue;
            qsizetype &slot = m.mapping->role == CodeRole::Systolic ? sys : dia;
            if (slot >= 0) {
                m_b.reject(loc, u"blood pressure panel has two "_s +
                                    (m.mapping->role == CodeRole::Systolic ? u"systolic"_s
                                                                           : u"diastolic"_s) +
                                    u" components"_s);
                return;
            }
            slot = i;
        }
        if (sys < 0 || dia < 0) {
            q1.outcome = Outcome::Skip;
            q1.skip = SkipReason::IncompleteBloodPressure;
            q1.message = sys < 0 ? u"blood pressure panel without systolic component (8480-6)"_s
                                 : u"blood pressure panel without diastolic component (8462-4)"_s;
        } else {
            q1 = quantity(components.at(sys).toObject(), {u"Observation.component", sys});
            if (q1.outcome == Outcome::Skip)
                q1.message = u"systolic: "_s + q1.message;
            q2 = quantity(components.at(dia).toObject(), {u"Observation.component", dia});
            if (q2.outcome == Outcome::Skip)
                q2.message = u"diastolic: "_s + q2.message;
        }
    } else {
        q1 = quantity(obs, p);
        if (q1.outcome == Outcome::Skip && q1.skip == SkipReason::NoValue &&
            role == CodeRole::Single && !obs.contains("valueQuantity"_L1)) {
            // No value[x]: a component coded with the same kind carries it.
            const QJsonArray components = arr(obs, "component"_L1, p);
            for (qsizetype i = 0; i < components.size(); ++i) {
                const QJsonObject c = element(components, i, {u"Observation.component", i});
                const CodeMatch m = matchCode(obj(c, "code"_L1, {u"Observation.component", i}),
                                              {u"Observation.component", i, u".code.coding"});
                if (m.mapping && !m.conflict && m.mapping->role == CodeRole::Single &&
                    m.mapping->kind == kind) {
                    q1 = quantity(c, {u"Observation.component", i});
                    break;
                }
            }
        }
    }
    for (const Quantity *q : {&q1, &q2}) {
        if (q->outcome == Outcome::Skip) {
            m_b.skip(loc, q->skip, q->message);
            return;
        }
    }

    // 5. time
    const When when = effective(obs);
    if (when.outcome == Outcome::Skip) {
        m_b.skip(loc, when.skip, when.message);
        return;
    }
    if (when.outcome == Outcome::Reject) {
        m_b.reject(loc, when.message);
        return;
    }

    // 6. units and window
    double v1 = 0;
    std::optional<double> v2;
    for (int k = 0; k < (role == CodeRole::BloodPressurePanel ? 2 : 1); ++k) {
        const Quantity &q = k == 0 ? q1 : q2;
        std::optional<double> converted;
        if (q.unit.isEmpty()) {
            if (hasSingleUnit(kind))
                converted = q.value;
        } else {
            converted = toCanonical(kind, QStringView(q.unit), q.value);
        }
        if (!converted) {
            m_b.reject(loc, q.unit.isEmpty() ? u"valueQuantity has no unit"_s
                                             : u"unit '"_s + shown(q.unit) +
                                                   u"' is not a unit of "_s + kindName(kind));
            return;
        }
        if (!std::isfinite(*converted)) {
            m_b.reject(loc, u"value is not a finite number"_s);
            return;
        }
        if (k == 0)
            v1 = *converted;
        else
            v2 = *converted;
    }
    if ((m_opt.notBeforeMs != 0 && when.ms < m_opt.notBeforeMs) ||
        (m_opt.notAfterMs != 0 && when.ms > m_opt.notAfterMs)) {
        m_b.reject(
            loc,
            u"effective time "_s +
                QDateTime::fromMSecsSinceEpoch(when.ms, QTimeZone::utc()).toString(Qt::ISODate) +
                u" is outside the accepted period"_s);
        return;
    }

    // 7. the reading
    ParsedReading r;
    r.kind = kind;
    r.value1 = v1;
    r.value2 = v2;
    r.takenAtMs = when.ms;
    r.dateOnly = when.dateOnly;
    r.location = loc;
    const QString id = str(obs, "id"_L1, p);
    if (!id.isEmpty()) {
        r.externalId = id;
        const QString source = str(obj(obs, "meta"_L1, p), "source"_L1, {u"Observation.meta"});
        r.externalSource = source.isEmpty() ? m_fhir : source;
    } else {
        const QJsonArray ids = arr(obs, "identifier"_L1, p);
        for (qsizetype i = 0; i < ids.size() && r.externalId.isEmpty(); ++i) {
            const QJsonObject identifier = element(ids, i, {u"Observation.identifier", i});
            r.externalId = str(identifier, "value"_L1, {u"Observation.identifier", i});
            const QString system = str(identifier, "system"_L1, {u"Observation.identifier", i});
            r.externalSource = system.isEmpty() ? m_fhir : system;
        }
        if (r.externalId.isEmpty() && !fullUrl.isEmpty()) {
            r.externalId = fullUrl;
            r.externalSource = m_fhir;
        }
        if (r.externalId.isEmpty())
            r.externalSource = m_fhir;
    }
    const Ref device = readRef(obj(obs, "device"_L1, p), u"Observation.device");
    r.source = device.hasAny() ? Source::Device : Source::Manual;
    r.patient = internPatient(subject, obs);
    r.device = device.hasAny() ? internDevice(device, obs) : -1;

    if (role == CodeRole::Systolic || role == CodeRole::Diastolic) {
        m_halves.push_back(Half{std::move(r), role == CodeRole::Systolic});
        return;
    }
    if (const QString why = checkPlausible(kind, r.value1, r.value2); !why.isEmpty()) {
        m_b.reject(loc, why);
        return;
    }
    m_b.batch().readings.push_back(std::move(r));
}

// --- end of input ----------------------------------------------------------------------

void FhirParser::pairHalves()
{
    using Key = std::tuple<qint32, qint32, qint64>;
    std::map<Key, std::deque<std::size_t>> openSystolic;
    std::map<Key, std::deque<std::size_t>> openDiastolic;
    std::vector<std::pair<std::size_t, std::size_t>> pairs; // systolic, diastolic
    for (std::size_t i = 0; i < m_halves.size(); ++i) {
        const ParsedReading &r = m_halves[i].reading;
        const Key key{r.patient, r.device, r.takenAtMs};
        auto &mine = m_halves[i].systolic ? openSystolic : openDiastolic;
        auto &other = m_halves[i].systolic ? openDiastolic : openSystolic;
        auto it = other.find(key);
        if (it != other.end() && !it->second.empty()) {
            const std::size_t j = it->second.front();
            it->second.pop_front();
            pairs.emplace_back(m_halves[i].systolic ? i : j, m_halves[i].systolic ? j : i);
        } else {
            mine[key].push_back(i);
        }
    }
    std::vector<bool> paired(m_halves.size(), false);
    for (const auto &[s, d] : pairs)
        paired[s] = paired[d] = true;
    for (std::size_t i = 0; i < m_halves.size(); ++i) {
        if (paired[i])
            continue;
        m_b.skip(m_halves[i].reading.location, SkipReason::UnpairedBloodPressure,
                 m_halves[i].systolic
                     ? u"systolic without a diastolic Observation for the same patient, "
                       u"device and time"_s
                     : u"diastolic without a systolic Observation for the same patient, "
                       u"device and time"_s);
    }
    std::sort(pairs.begin(), pairs.end());
    for (const auto &[s, d] : pairs) {
        ParsedReading r = m_halves[s].reading;
        const ParsedReading &dia = m_halves[d].reading;
        r.value2 = dia.value1;
        r.pairedLocation = dia.location;
        r.dateOnly = r.dateOnly || dia.dateOnly;
        if (!dia.externalId.isEmpty())
            r.externalId = r.externalId + u'+' + dia.externalId;
        if (const QString why = checkPlausible(Kind::BloodPressure, r.value1, r.value2);
            !why.isEmpty()) {
            m_b.reject(r.location, why + u" (diastolic from "_s + dia.location.toString() + u')');
            continue;
        }
        m_b.batch().readings.push_back(std::move(r));
    }
    m_halves.clear();
}

void FhirParser::compact()
{
    ReadBatch &batch = m_b.batch();
    std::vector<qint32> patientMap(batch.patients.size(), -1);
    std::vector<qint32> deviceMap(batch.devices.size(), -1);
    std::vector<PatientInfo> patients;
    std::vector<DeviceInfo> devices;
    for (ParsedReading &r : batch.readings) {
        qint32 &p = patientMap[static_cast<std::size_t>(r.patient)];
        if (p < 0) {
            p = static_cast<qint32>(patients.size());
            patients.push_back(std::move(batch.patients[static_cast<std::size_t>(r.patient)]));
        }
        r.patient = p;
        if (r.device >= 0) {
            qint32 &d = deviceMap[static_cast<std::size_t>(r.device)];
            if (d < 0) {
                d = static_cast<qint32>(devices.size());
                devices.push_back(std::move(batch.devices[static_cast<std::size_t>(r.device)]));
            }
            r.device = d;
        }
    }
    batch.patients = std::move(patients);
    batch.devices = std::move(devices);
}

void FhirParser::finish()
{
    if (m_b.failed())
        return;
    ReadBatch &batch = m_b.batch();
    for (const qint32 i : m_unresolvedPatients) {
        PatientInfo &p = batch.patients[static_cast<std::size_t>(i)];
        const Indexed *x = lookup(p.reference);
        if (x && x->type == "Patient"_L1)
            mergePatient(p, *x);
    }
    for (const qint32 i : m_unresolvedDevices) {
        DeviceInfo &d = batch.devices[static_cast<std::size_t>(i)];
        const Indexed *x = lookup(d.reference);
        if (x && x->type == "Device"_L1)
            mergeDevice(d, *x);
    }
    pairHalves();
    compact();
}

ReadBatch runFhir(const ReadOptions &options, const QString &sourceName,
                  const std::function<void(detail::BatchBuilder &, FhirParser &)> &drive)
{
    ReadBatch batch;
    batch.sourceName = sourceName;
    detail::BatchBuilder builder(batch, options);
    FhirParser parser(builder);
    drive(builder, parser);
    parser.finish();
    builder.finish();
    return batch;
}

} // namespace

FhirReader::FhirReader(ReadOptions options)
    : m_options(std::move(options))
{}

ReadBatch FhirReader::read(QByteArrayView data, const QString &sourceName) const
{
    return runFhir(m_options, sourceName, [&](detail::BatchBuilder &b, FhirParser &p) {
        b.setTotal(data.size());
        p.readWhole(data);
    });
}

ReadBatch FhirReader::read(QIODevice &device, const QString &sourceName) const
{
    return runFhir(m_options, sourceName, [&](detail::BatchBuilder &b, FhirParser &p) {
        b.setTotal(device.isSequential() ? -1 : device.size());
        p.readDevice(device);
    });
}

ReadBatch FhirReader::readFile(const QString &path) const
{
    return runFhir(m_options, detail::displayName(path),
                   [&](detail::BatchBuilder &b, FhirParser &p) {
                       detail::readPath(
                           path, b, [&](QByteArrayView data) { p.readWhole(data); },
                           [&](QIODevice &device) { p.readDevice(device); });
                   });
}

} // namespace vd::ingest
