#pragma once

#include <QByteArrayView>
#include <QStringList>

#include "ingest/readbatch.h"

class QIODevice;

namespace vd::ingest {

// Reads readings from CSV (RFC 4180):
//
//   patient_mrn,device_serial,measured_at,kind,value,value2,unit,source
//
// - A header row is required; columns are matched by name (ASCII case-insensitive) in any
//   order, unknown columns are ignored. Required: patient_mrn, measured_at, kind, value,
//   source. Optional: device_serial, value2, unit, external_id. A missing required column
//   is a fatal error naming it.
// - Delimiter ',' or ';' (or tab), detected from the header row; with ';' a decimal comma
//   is accepted in numbers ("72,5"). UTF-8 with or without BOM; CRLF, LF or CR line ends;
//   quoted fields may contain delimiters, doubled quotes and line breaks. An unterminated
//   quote is a fatal error.
// - measured_at: ISO-8601 date-time with a UTC offset (2024-03-05T08:30:00-05:00, ...Z);
//   no offset or no time of day rejects the row.
// - kind: bp heart_rate weight glucose spo2 temperature respiratory_rate, or one of the
//   LOINC codes of loincTable() (a systolic/diastolic-only code rejects the row: use bp).
//   Known but unsupported kinds (battery, signal, other LOINC codes) are skipped; anything
//   else is rejected.
// - value2: diastolic, required for bp and rejected for other kinds.
// - unit: converted to the canonical unit (unitTable()); may be empty for kinds with a
//   single unit (bp, heart_rate, spo2, respiratory_rate), required for the others.
// - source: device | manual.
// - Blank lines are ignored. Each reading's externalSource is "csv"; externalId is the
//   external_id column when present and non-empty, else "<mrn>|<serial>|<kind>|<epoch ms>"
//   so that importing the same rows twice finds them again.
class CsvReader
{
public:
    explicit CsvReader(ReadOptions options = {});

    ReadBatch readFile(const QString &path) const;
    ReadBatch read(QIODevice &device, const QString &sourceName) const;
    ReadBatch read(QByteArrayView data, const QString &sourceName = {}) const;

    static QStringList requiredColumns();
    static QStringList optionalColumns();

private:
    ReadOptions m_options;
};

} // namespace vd::ingest
