#include "ingest/readbatch.h"

#include "ingest/guard_p.h"

using namespace Qt::Literals::StringLiterals;

namespace vd::ingest {

QString sourceName(Source source)
{
    return source == Source::Device ? u"device"_s : u"manual"_s;
}

QString Location::toString() const
{
    if (line > 0 && entry >= 0)
        return u"line "_s + QString::number(line) + u" entry["_s + QString::number(entry) + u']';
    if (line > 0)
        return u"line "_s + QString::number(line);
    if (entry >= 0)
        return u"entry["_s + QString::number(entry) + u']';
    return u"resource"_s;
}

QString skipReasonText(SkipReason reason)
{
    switch (reason) {
    case SkipReason::NotAnObservation:
        return u"not an Observation"_s;
    case SkipReason::EntryWithoutResource:
        return u"Bundle entry without resource"_s;
    case SkipReason::StatusExcluded:
        return u"status excluded"_s;
    case SkipReason::UnsupportedCode:
        return u"unsupported code or kind"_s;
    case SkipReason::SubjectNotPatient:
        return u"subject is not a Patient"_s;
    case SkipReason::DataAbsent:
        return u"data absent"_s;
    case SkipReason::NotAQuantity:
        return u"value is not a Quantity"_s;
    case SkipReason::NoValue:
        return u"no value"_s;
    case SkipReason::InexactValue:
        return u"value with comparator"_s;
    case SkipReason::IncompleteBloodPressure:
        return u"incomplete blood pressure"_s;
    case SkipReason::UnpairedBloodPressure:
        return u"unpaired systolic/diastolic"_s;
    case SkipReason::NoEffectiveTime:
        return u"no effective time"_s;
    case SkipReason::ImpreciseTime:
        return u"no time of day"_s;
    }
    return {};
}

QString Issue::toString() const
{
    QString out = file.isEmpty() ? u"<input>"_s : file;
    out += u' ' + location.toString() + u": "_s + reason;
    return out;
}

QMap<QString, qint64> ReadBatch::skipSummary() const
{
    QMap<QString, qint64> summary;
    for (int i = 0; i < skipReasonCount; ++i) {
        if (skipCounts[static_cast<std::size_t>(i)] > 0)
            summary.insert(skipReasonText(static_cast<SkipReason>(i)),
                           skipCounts[static_cast<std::size_t>(i)]);
    }
    return summary;
}

QString ReadBatch::locationOf(const ParsedReading &r) const
{
    QString out = (sourceName.isEmpty() ? u"<input>"_s : sourceName) + u' ' + r.location.toString();
    if (!r.pairedLocation.isNull())
        out += u" + "_s + r.pairedLocation.toString();
    return out;
}

} // namespace vd::ingest
