#pragma once

#include <QByteArrayView>

#include "ingest/readbatch.h"

class QIODevice;

namespace vd::ingest {

// Reads FHIR R4 JSON into readings: a single Observation, a Bundle of any type (entries are
// numbered "entry[i]"), or NDJSON as bulk export writes it (one resource per line,
// "line n"). NDJSON is recognised when the first line is a complete JSON object and more
// follows; lines are parsed one at a time, never as one document.
//
// Mapping (see loincTable(), unitTable(), plausibleRanges()):
// - Observation.code must carry a LOINC coding of loincTable(); other codes are skipped.
//   Several LOINC codings of the same kind give one reading (SpO2 2708-6 + 59408-5);
//   codings of different kinds reject the Observation.
// - Blood pressure: a panel (85354-9, 55284-4, 35094-2) with components 8480-6 and 8462-4,
//   or separate 8480-6 / 8462-4 Observations paired by patient, device and time (an
//   unpaired half is skipped). Other components are ignored.
// - A single-valued Observation without value[x] takes the valueQuantity of a component
//   coded with the same kind (seen in the Belgian telemonitoring IG).
// - Time: effectiveDateTime, effectiveInstant or effectivePeriod.start, any UTC offset.
//   A time of day without offset is rejected; a bare date is handled by
//   ReadOptions::dateOnly (default: skipped as ImpreciseTime).
// - Skipped (counted, not an error): non-Observation resources, status in
//   ReadOptions::skippedStatuses, unsupported codes, subject that is not a Patient,
//   dataAbsentReason, value[x] other than valueQuantity, valueQuantity with a comparator,
//   no effective time.
// - Rejected (bad data): invalid status, no subject, invalid dateTime, unknown unit, values
//   outside plausibleRanges(), diastolic >= systolic, time outside notBefore/notAfter.
// - Fatal (no readings): invalid JSON, a JSON type the reader needs that is wrong (e.g.
//   valueQuantity.value given as a string), a resource without resourceType.
//
// Patient and device: PatientInfo keeps subject.reference, subject.identifier.value and the
// identifier values of the Patient it resolves to (contained "#id", Bundle fullUrl or
// "Patient/id", or an earlier NDJSON line); mrn is subject.identifier.value, else the
// Patient's identifier typed MR, else its first identifier. DeviceInfo likewise from
// Observation.device (reference, identifier, display; a resolved Device's serialNumber and
// identifiers). source is device when Observation.device is present, else manual.
//
// externalId is Observation.id (externalSource = meta.source, else "fhir"), else its first
// identifier (externalSource = identifier.system), else the entry's fullUrl. A blood
// pressure paired from two Observations gets "<systolic id>+<diastolic id>".
class FhirReader
{
public:
    explicit FhirReader(ReadOptions options = {});

    ReadBatch readFile(const QString &path) const;
    ReadBatch read(QIODevice &device, const QString &sourceName) const;
    ReadBatch read(QByteArrayView data, const QString &sourceName = {}) const;

private:
    ReadOptions m_options;
};

} // namespace vd::ingest
