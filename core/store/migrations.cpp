#include "migrations.h"

namespace vd {
using namespace Qt::Literals::StringLiterals;
namespace {

// Portable SQL: standard types, no SQLite-only functions. "%ID%" becomes the dialect's
// auto-increment primary key. Booleans are INTEGER 0/1 with a CHECK. Instants are UTC
// epoch milliseconds (BIGINT); calendar dates are ISO-8601 text (YYYY-MM-DD).
const char *const kSchemaV1[] = {
    R"(CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL))",

    R"(CREATE TABLE staff (
        id %ID%,
        display_name TEXT NOT NULL,
        credential TEXT NOT NULL CHECK (credential IN
            ('RN','LPN','MA','MD','DO','NP','PA','CNS','CNM','MANAGER','ADMIN','BILLER')),
        npi TEXT,
        username TEXT UNIQUE,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at BIGINT NOT NULL,
        created_by BIGINT REFERENCES staff(id),
        CHECK (npi IS NOT NULL OR credential NOT IN ('MD','DO','NP','PA','CNS','CNM'))))",

    R"(CREATE TABLE patients (
        id %ID%,
        mrn TEXT NOT NULL UNIQUE,
        family_name TEXT NOT NULL,
        given_name TEXT NOT NULL,
        birth_date TEXT NOT NULL,
        sex TEXT CHECK (sex IS NULL OR sex IN ('female','male','other','unknown')),
        phone TEXT,
        time_zone TEXT,
        created_at BIGINT NOT NULL,
        created_by BIGINT NOT NULL REFERENCES staff(id)))",

    R"(CREATE TABLE episodes (
        id %ID%,
        patient_id BIGINT NOT NULL REFERENCES patients(id),
        program TEXT NOT NULL CHECK (program IN ('RPM','RTM','CCM')),
        monitoring_start TEXT NOT NULL,
        monitoring_end TEXT,
        order_date TEXT,
        ordering_staff_id BIGINT REFERENCES staff(id),
        billing_staff_id BIGINT REFERENCES staff(id),
        consent_date TEXT,
        consent_method TEXT CHECK (consent_method IS NULL
            OR consent_method IN ('verbal','written','electronic')),
        consent_obtained_by BIGINT REFERENCES staff(id),
        established_evidence TEXT,
        setup_note TEXT,
        created_at BIGINT NOT NULL,
        created_by BIGINT NOT NULL REFERENCES staff(id),
        CHECK (monitoring_end IS NULL OR monitoring_end >= monitoring_start),
        CHECK (consent_date IS NULL OR (consent_method IS NOT NULL
            AND consent_obtained_by IS NOT NULL))))",
    "CREATE INDEX episodes_patient ON episodes (patient_id)",

    R"(CREATE TABLE episode_conditions (
        episode_id BIGINT NOT NULL REFERENCES episodes(id),
        icd10 TEXT NOT NULL,
        description TEXT,
        PRIMARY KEY (episode_id, icd10)))",

    R"(CREATE TABLE devices (
        id %ID%,
        patient_id BIGINT NOT NULL REFERENCES patients(id),
        kind TEXT NOT NULL CHECK (kind IN
            ('bp_monitor','scale','glucometer','pulse_oximeter','thermometer','other')),
        model TEXT NOT NULL,
        serial TEXT NOT NULL,
        fda_cleared INTEGER NOT NULL CHECK (fda_cleared IN (0, 1)),
        auto_transmit INTEGER NOT NULL CHECK (auto_transmit IN (0, 1)),
        assigned_on TEXT NOT NULL,
        returned_on TEXT,
        created_at BIGINT NOT NULL,
        created_by BIGINT NOT NULL REFERENCES staff(id)))",
    "CREATE INDEX devices_patient ON devices (patient_id)",
    "CREATE INDEX devices_serial ON devices (serial)",

    R"(CREATE TABLE import_batches (
        id %ID%,
        started_at BIGINT NOT NULL,
        staff_id BIGINT NOT NULL REFERENCES staff(id),
        source_name TEXT NOT NULL,
        format TEXT NOT NULL,
        imported INTEGER NOT NULL DEFAULT 0,
        duplicates INTEGER NOT NULL DEFAULT 0,
        skipped INTEGER NOT NULL DEFAULT 0,
        rejected INTEGER NOT NULL DEFAULT 0))",

    R"(CREATE TABLE readings (
        id %ID%,
        patient_id BIGINT NOT NULL REFERENCES patients(id),
        device_id BIGINT REFERENCES devices(id),
        kind TEXT NOT NULL CHECK (kind IN ('bp','heart_rate','weight','glucose','spo2',
            'temperature','respiratory_rate','battery','signal')),
        value1 DOUBLE PRECISION NOT NULL,
        value2 DOUBLE PRECISION,
        unit TEXT NOT NULL,
        taken_at BIGINT NOT NULL,
        source TEXT NOT NULL CHECK (source IN ('device','manual')),
        external_source TEXT,
        external_id TEXT,
        batch_id BIGINT REFERENCES import_batches(id),
        created_at BIGINT NOT NULL,
        created_by BIGINT NOT NULL REFERENCES staff(id),
        UNIQUE (external_source, external_id)))",
    "CREATE INDEX readings_patient_time ON readings (patient_id, taken_at)",

    R"(CREATE TABLE time_entries (
        id %ID%,
        patient_id BIGINT NOT NULL REFERENCES patients(id),
        staff_id BIGINT NOT NULL REFERENCES staff(id),
        started_at BIGINT NOT NULL,
        seconds INTEGER NOT NULL CHECK (seconds >= 0 AND seconds <= 86400),
        activity TEXT NOT NULL CHECK (activity IN ('data_review','call','care_plan',
            'care_coordination','documentation','education','other')),
        program TEXT NOT NULL CHECK (program IN ('RPM','RTM','CCM','PCM','TCM','BHI')),
        method TEXT NOT NULL CHECK (method IN ('timer','manual')),
        note TEXT,
        manual_reason TEXT,
        amends_id BIGINT REFERENCES time_entries(id),
        voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
        amend_reason TEXT,
        created_at BIGINT NOT NULL,
        created_by BIGINT NOT NULL REFERENCES staff(id),
        CHECK (amends_id IS NULL OR amend_reason IS NOT NULL),
        CHECK (method = 'timer' OR manual_reason IS NOT NULL)))",
    "CREATE INDEX time_entries_patient_time ON time_entries (patient_id, started_at)",
    "CREATE UNIQUE INDEX time_entries_amends ON time_entries (amends_id)",

    R"(CREATE TABLE contacts (
        id %ID%,
        patient_id BIGINT NOT NULL REFERENCES patients(id),
        staff_id BIGINT NOT NULL REFERENCES staff(id),
        started_at BIGINT NOT NULL,
        seconds INTEGER NOT NULL CHECK (seconds >= 0 AND seconds <= 86400),
        mode TEXT NOT NULL CHECK (mode IN ('phone','video','sms','portal','email',
            'voicemail','automated')),
        counterpart TEXT NOT NULL CHECK (counterpart IN ('patient','caregiver')),
        connected INTEGER NOT NULL CHECK (connected IN (0, 1)),
        summary TEXT,
        treatment_changes TEXT,
        time_entry_id BIGINT REFERENCES time_entries(id),
        amends_id BIGINT REFERENCES contacts(id),
        voided INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
        amend_reason TEXT,
        created_at BIGINT NOT NULL,
        created_by BIGINT NOT NULL REFERENCES staff(id),
        CHECK (amends_id IS NULL OR amend_reason IS NOT NULL)))",
    "CREATE INDEX contacts_patient_time ON contacts (patient_id, started_at)",
    "CREATE UNIQUE INDEX contacts_amends ON contacts (amends_id)",

    R"(CREATE TABLE signoffs (
        id %ID%,
        patient_id BIGINT NOT NULL REFERENCES patients(id),
        month TEXT NOT NULL,
        staff_id BIGINT NOT NULL REFERENCES staff(id),
        signed_at BIGINT NOT NULL,
        rules_version TEXT NOT NULL,
        decision TEXT NOT NULL,
        note TEXT,
        amends_id BIGINT REFERENCES signoffs(id),
        amend_reason TEXT,
        created_at BIGINT NOT NULL,
        created_by BIGINT NOT NULL REFERENCES staff(id),
        CHECK (amends_id IS NULL OR amend_reason IS NOT NULL)))",
    "CREATE INDEX signoffs_patient_month ON signoffs (patient_id, month)",
    "CREATE UNIQUE INDEX signoffs_amends ON signoffs (amends_id)",

    // Append-only; each row's hash covers the previous row's hash, so an edited or
    // deleted row breaks the chain.
    R"(CREATE TABLE audit_log (
        id %ID%,
        at BIGINT NOT NULL,
        actor_id BIGINT REFERENCES staff(id),
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id BIGINT,
        detail TEXT,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL))",
};

// v2: the running-stopwatch journal. The only mutable state in the store: a row lives while
// a staff member's stopwatch runs or is paused, is refreshed by a heartbeat every few
// seconds, and is deleted in the same transaction that saves its time (or discards it).
// After a crash the row is what is offered back at the next start.
const char *const kSchemaV2[] = {
    R"(CREATE TABLE running_timers (
        staff_id BIGINT PRIMARY KEY REFERENCES staff(id),
        patient_id BIGINT NOT NULL REFERENCES patients(id),
        session TEXT NOT NULL,
        activity TEXT NOT NULL CHECK (activity IN ('data_review','call','care_plan',
            'care_coordination','documentation','education','other')),
        program TEXT NOT NULL CHECK (program IN ('RPM','RTM','CCM','PCM','TCM','BHI')),
        note TEXT,
        state TEXT NOT NULL CHECK (state IN ('running','paused')),
        started_at BIGINT NOT NULL,
        segment_started_at BIGINT,
        segment_seconds INTEGER NOT NULL DEFAULT 0 CHECK (segment_seconds >= 0),
        heartbeat_at BIGINT NOT NULL,
        workstation TEXT,
        CHECK (state = 'paused' OR segment_started_at IS NOT NULL)))",

    // Completed segments (ended by a pause or a change of activity) not saved yet.
    R"(CREATE TABLE running_timer_segments (
        staff_id BIGINT NOT NULL REFERENCES running_timers(staff_id),
        seq INTEGER NOT NULL,
        started_at BIGINT NOT NULL,
        seconds INTEGER NOT NULL CHECK (seconds >= 0),
        activity TEXT NOT NULL CHECK (activity IN ('data_review','call','care_plan',
            'care_coordination','documentation','education','other')),
        PRIMARY KEY (staff_id, seq)))",
};

// v3: device readings in. Alert limits per patient and the alerts queue. Nothing is updated
// in place: new limits are a new row (the newest per patient is in force, the older ones
// are its history), and an acknowledgement is a row of its own.
const char *const kSchemaV3[] = {
    R"(CREATE TABLE alert_thresholds (
        id %ID%,
        patient_id BIGINT NOT NULL REFERENCES patients(id),
        systolic_high DOUBLE PRECISION NOT NULL,
        diastolic_high DOUBLE PRECISION NOT NULL,
        glucose_low DOUBLE PRECISION NOT NULL,
        glucose_very_low DOUBLE PRECISION NOT NULL,
        glucose_high DOUBLE PRECISION NOT NULL,
        spo2_low DOUBLE PRECISION NOT NULL,
        heart_rate_low DOUBLE PRECISION NOT NULL,
        heart_rate_high DOUBLE PRECISION NOT NULL,
        no_reading_days INTEGER NOT NULL CHECK (no_reading_days BETWEEN 1 AND 30),
        note TEXT,
        set_by BIGINT NOT NULL REFERENCES staff(id),
        set_at BIGINT NOT NULL,
        CHECK (glucose_very_low <= glucose_low AND glucose_low < glucose_high),
        CHECK (heart_rate_low < heart_rate_high),
        CHECK (diastolic_high < systolic_high)))",
    "CREATE INDEX alert_thresholds_patient ON alert_thresholds (patient_id, id)",

    // One row per alert. dedupe_key makes raising idempotent for every kind:
    // "reading:<reading id>" for an out-of-range reading, "no_data:<patient>:<last reading
    // ms, 0 = none>" for one stretch of silence.
    R"(CREATE TABLE alerts (
        id %ID%,
        patient_id BIGINT NOT NULL REFERENCES patients(id),
        reading_id BIGINT REFERENCES readings(id),
        kind TEXT NOT NULL CHECK (kind IN ('bp_high','glucose_low','glucose_very_low',
            'glucose_high','spo2_low','hr_low','hr_high','no_data')),
        severity TEXT NOT NULL CHECK (severity IN ('warning','critical')),
        message TEXT NOT NULL,
        observed_at BIGINT NOT NULL,
        raised_at BIGINT NOT NULL,
        raised_by BIGINT NOT NULL REFERENCES staff(id),
        batch_id BIGINT REFERENCES import_batches(id),
        dedupe_key TEXT NOT NULL UNIQUE,
        CHECK ((kind = 'no_data') = (reading_id IS NULL))))",
    "CREATE INDEX alerts_patient ON alerts (patient_id, observed_at)",
    "CREATE INDEX alerts_raised ON alerts (raised_at)",

    R"(CREATE TABLE alert_acks (
        alert_id BIGINT PRIMARY KEY REFERENCES alerts(id),
        staff_id BIGINT NOT NULL REFERENCES staff(id),
        acknowledged_at BIGINT NOT NULL,
        note TEXT NOT NULL CHECK (note <> '')))",

    // Import batches per file, newest first in the import history.
    "CREATE INDEX import_batches_started ON import_batches (started_at)",
};

template<std::size_t N>
QStringList toList(const char *const (&statements)[N], SqlDialect dialect)
{
    const QString id = dialect == SqlDialect::SQLite
                           ? QStringLiteral("INTEGER PRIMARY KEY")
                           : QStringLiteral("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY");
    QStringList out;
    out.reserve(int(N));
    for (const char *s : statements)
        out << QString::fromUtf8(s).replace(u"%ID%"_s, id);
    return out;
}

} // namespace

int migrationCount()
{
    return 3;
}

QStringList migrationStatements(int version, SqlDialect dialect)
{
    switch (version) {
    case 1:
        return toList(kSchemaV1, dialect);
    case 2:
        return toList(kSchemaV2, dialect);
    case 3:
        return toList(kSchemaV3, dialect);
    default:
        return {};
    }
}

} // namespace vd
