#include "ingest/reader.h"

#include <QFile>
#include <QFileInfo>

#include "ingest/batchbuilder_p.h"
#include "ingest/csvreader.h"
#include "ingest/fhirreader.h"
#include "ingest/guard_p.h"

using namespace Qt::Literals::StringLiterals;

namespace vd::ingest {

FileFormat detectFormat(const QString &fileName, QByteArrayView head)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == "json"_L1 || suffix == "ndjson"_L1 || suffix == "jsonl"_L1)
        return FileFormat::Fhir;
    if (suffix == "csv"_L1 || suffix == "tsv"_L1)
        return FileFormat::Csv;
    head = detail::stripBom(head);
    for (const char c : head) {
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n')
            continue;
        return c == '{' ? FileFormat::Fhir : FileFormat::Csv;
    }
    return FileFormat::Unknown;
}

ReadBatch readFile(const QString &path, const ReadOptions &options)
{
    QByteArray head;
    {
        QFile file(path);
        if (file.open(QIODevice::ReadOnly))
            head = file.read(4096);
    }
    switch (detectFormat(path, head)) {
    case FileFormat::Fhir:
        return FhirReader(options).readFile(path);
    case FileFormat::Csv:
    case FileFormat::Unknown:
        break;
    }
    return CsvReader(options).readFile(path);
}

} // namespace vd::ingest
