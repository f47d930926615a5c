#pragma once

#include <QByteArrayView>
#include <QString>

#include "ingest/readbatch.h"

class QIODevice;

// Entry point for the importer: pick the reader from the file name and its first bytes.
namespace vd::ingest {

enum class FileFormat : quint8
{
    Unknown,
    Csv,
    Fhir, // JSON resource, Bundle or NDJSON
};

// .json .ndjson .jsonl -> Fhir, .csv .tsv -> Csv; otherwise by content: the first
// non-blank byte (after a UTF-8 BOM) '{' -> Fhir, anything else non-empty -> Csv.
FileFormat detectFormat(const QString &fileName, QByteArrayView head);

// Reads `path` with the reader detectFormat() picks (looks at the first 4 KiB).
ReadBatch readFile(const QString &path, const ReadOptions &options = {});

} // namespace vd::ingest
