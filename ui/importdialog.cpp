#include "importdialog.h"

#include <atomic>
#include <climits>

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QElapsedTimer>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QProgressBar>
#include <QPushButton>
#include <QSettings>
#include <QtConcurrent/QtConcurrentRun>
#include <QTextBrowser>
#include <QVBoxLayout>

#include "store/clock.h"
#include "store/database.h"
#include "store/settingsrepository.h"

namespace vd::ui {
using namespace Qt::Literals::StringLiterals;

namespace {
constexpr int kBarSteps = 1000;
constexpr int kShownDetails = 25;

QString number(qint64 n)
{
    return QLocale().toString(n);
}
} // namespace

// Shared between the dialog and the worker, so a worker that outlives a closed dialog
// still has somewhere to write.
struct ImportDialog::Progress
{
    std::atomic<qint64> done{0};
    std::atomic<qint64> total{0};
    std::atomic<bool> cancel{false};
    QElapsedTimer elapsed;
};

ImportDialog::ImportDialog(QString databasePath, const Clock &clock, StaffId user, QWidget *parent)
    : QDialog(parent)
    , m_path(std::move(databasePath))
    , m_clock(clock)
    , m_user(user)
{
    setObjectName(u"importDialog"_s);
    setWindowTitle(tr("Import readings"));
    auto *layout = new QVBoxLayout(this);

    auto *intro = new QLabel(tr("Device readings from FHIR R4 files (Observation, Bundle or "
                                "NDJSON bulk export) or CSV. Readings already stored are left "
                                "out; out-of-range readings raise alerts."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);

    auto *filesRow = new QHBoxLayout;
    m_files = new QListWidget(this);
    m_files->setObjectName(u"importFiles"_s);
    m_files->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_files->setMinimumHeight(90);
    filesRow->addWidget(m_files, 1);
    auto *fileButtons = new QVBoxLayout;
    m_add = new QPushButton(tr("&Add files…"), this);
    m_add->setObjectName(u"importAddFiles"_s);
    connect(m_add, &QPushButton::clicked, this, &ImportDialog::chooseFiles);
    m_remove = new QPushButton(tr("&Remove"), this);
    m_remove->setObjectName(u"importRemoveFiles"_s);
    connect(m_remove, &QPushButton::clicked, this, [this] {
        qDeleteAll(m_files->selectedItems());
        updateButtons();
    });
    fileButtons->addWidget(m_add);
    fileButtons->addWidget(m_remove);
    fileButtons->addStretch(1);
    filesRow->addLayout(fileButtons);
    layout->addLayout(filesRow, 1);

    auto *form = new QFormLayout;
    m_patient = new QLineEdit(this);
    m_patient->setObjectName(u"importPatient"_s);
    m_patient->setPlaceholderText(tr("optional: MRN of the one patient these files belong to"));
    form->addRow(tr("&Patient:"), m_patient);
    m_source = new QComboBox(this);
    m_source->setObjectName(u"importSource"_s);
    m_source->addItem(tr("As given in the files"));
    m_source->addItem(tr("Device (transmitted automatically)"));
    m_source->addItem(tr("Manual (patient-reported, does not count toward device days)"));
    form->addRow(tr("&Source:"), m_source);
    m_partial = new QCheckBox(tr("Import the valid readings even when some are rejected"), this);
    m_partial->setObjectName(u"importPartial"_s);
    m_partial->setToolTip(tr("Off: all or nothing. One rejected reading and nothing is imported."));
    form->addRow(QString(), m_partial);
    layout->addLayout(form);

    m_bar = new QProgressBar(this);
    m_bar->setObjectName(u"importProgress"_s);
    m_bar->setRange(0, kBarSteps);
    m_bar->setValue(0);
    m_bar->setTextVisible(true);
    layout->addWidget(m_bar);
    m_status = new QLabel(tr("Add the files to import."), this);
    m_status->setObjectName(u"importStatus"_s);
    m_status->setWordWrap(true);
    layout->addWidget(m_status);

    m_result = new QTextBrowser(this);
    m_result->setObjectName(u"importResult"_s);
    m_result->setOpenLinks(false);
    m_result->setMinimumHeight(200);
    m_result->hide();
    layout->addWidget(m_result, 3);

    m_buttons = new QDialogButtonBox(this);
    m_start = m_buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_start->setObjectName(u"importStart"_s);
    m_start->setDefault(true);
    m_cancel = m_buttons->addButton(QDialogButtonBox::Close);
    m_cancel->setObjectName(u"importCancel"_s);
    connect(m_start, &QPushButton::clicked, this, &ImportDialog::start);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        if (isRunning())
            cancel();
        else
            reject();
    });
    layout->addWidget(m_buttons);

    m_poll.setInterval(100);
    connect(&m_poll, &QTimer::timeout, this, &ImportDialog::pollProgress);
    connect(&m_watcher, &QFutureWatcher<Outcome>::finished, this, &ImportDialog::onFinished);
    resize(720, 520);
    updateButtons();
}

ImportDialog::~ImportDialog()
{
    if (m_progress)
        m_progress->cancel = true;
    m_watcher.waitForFinished();
}

void ImportDialog::addFiles(const QStringList &paths)
{
    for (const QString &path : paths) {
        if (!files().contains(path)) {
            auto *item = new QListWidgetItem(QFileInfo(path).fileName(), m_files);
            item->setData(Qt::UserRole, path);
            item->setToolTip(path);
        }
    }
    updateButtons();
}

QStringList ImportDialog::files() const
{
    QStringList out;
    for (int i = 0; i < m_files->count(); ++i)
        out << m_files->item(i)->data(Qt::UserRole).toString();
    return out;
}

bool ImportDialog::isRunning() const
{
    return m_watcher.isRunning();
}

QString ImportDialog::resultText() const
{
    return m_result->toPlainText();
}

void ImportDialog::chooseFiles()
{
    QSettings settings;
    const QString folder = settings.value(u"import/folder"_s).toString();
    const QStringList chosen = QFileDialog::getOpenFileNames(
        this, tr("Import readings"), folder,
        tr("Readings (*.json *.ndjson *.jsonl *.csv *.tsv);;All files (*)"));
    if (chosen.isEmpty())
        return;
    settings.setValue(u"import/folder"_s, QFileInfo(chosen.first()).absolutePath());
    addFiles(chosen);
}

void ImportDialog::start()
{
    if (isRunning() || m_files->count() == 0)
        return;
    billing::ImportOptions options;
    options.patientMrn = m_patient->text().trimmed();
    if (m_source->currentIndex() == 1)
        options.source = ingest::Source::Device;
    else if (m_source->currentIndex() == 2)
        options.source = ingest::Source::Manual;
    options.partial = m_partial->isChecked();

    m_progress = std::make_shared<Progress>();
    m_progress->elapsed.start();
    std::shared_ptr<Progress> progress = m_progress;
    options.progress = [progress](qint64 done, qint64 total) {
        progress->done = done;
        progress->total = total;
        return !progress->cancel.load();
    };
    m_summary.reset();
    m_result->hide();
    m_bar->setValue(0);
    m_status->setText(tr("Reading…"));

    const QString path = m_path;
    const Clock *clock = &m_clock;
    const StaffId user = m_user;
    const QStringList list = files();
    m_watcher.setFuture(QtConcurrent::run([path, clock, user, list, options]() -> Outcome {
        Outcome out;
        auto db = Database::openSqlite(path); // this thread's own connection
        if (!db) {
            out.error = db.error();
            return out;
        }
        auto summary = billing::ReadingImporter(**db, *clock, user).run(list, options);
        if (!summary) {
            out.error = summary.error();
            return out;
        }
        if (summary->committed) {
            const QDate today = SettingsRepository((*db)->connection(), *clock)
                                    .calendar()
                                    .localDate(clock->nowUtcMs());
            if (auto raised = billing::raiseNoDataAlerts(**db, *clock, user, today))
                out.noDataAlerts = *raised;
        }
        out.summary = std::move(summary.value());
        return out;
    }));
    m_poll.start();
    updateButtons();
}

void ImportDialog::cancel()
{
    if (!isRunning() || !m_progress)
        return;
    m_progress->cancel = true;
    m_status->setText(tr("Cancelling… nothing will be stored."));
    m_cancel->setEnabled(false);
}

void ImportDialog::reject()
{
    if (isRunning()) {
        m_closeWhenDone = true;
        cancel();
        return; // closes once the worker has rolled back (see onFinished)
    }
    QDialog::reject();
}

void ImportDialog::pollProgress()
{
    if (!m_progress)
        return;
    const qint64 total = m_progress->total.load();
    const qint64 done = m_progress->done.load();
    if (total > 0)
        m_bar->setValue(int(done * kBarSteps / total));
    if (m_progress->cancel.load())
        return;
    const qint64 seconds = m_progress->elapsed.elapsed() / 1000;
    // The first half of the scale is reading the files, the second storing the readings.
    const QString phase =
        total > 0 && done * 2 > total ? tr("Storing readings…") : tr("Reading files…");
    m_status->setText(tr("%1 %2 s").arg(phase).arg(seconds));
}

void ImportDialog::onFinished()
{
    m_poll.stop();
    const Outcome outcome = m_watcher.result();
    m_summary = outcome.summary;
    showOutcome(outcome);
    updateButtons();
    emit importFinished(m_summary && m_summary->committed);
    if (m_closeWhenDone) {
        m_closeWhenDone = false;
        QDialog::reject();
    }
}

void ImportDialog::showOutcome(const Outcome &outcome)
{
    m_cancel->setEnabled(true);
    if (!outcome.summary) {
        m_bar->setValue(0);
        m_status->setText(tr("The import could not run: %1").arg(outcome.error));
        m_result->hide();
        return;
    }
    const billing::ImportSummary &s = *outcome.summary;
    m_bar->setValue(s.committed ? kBarSteps : 0);
    QString html;
    if (s.cancelled) {
        m_status->setText(tr("Cancelled: nothing was stored."));
        html += u"<h3>%1</h3>"_s.arg(tr("Cancelled — nothing was stored"));
    } else if (!s.committed) {
        m_status->setText(tr("Nothing was imported: %n record(s) rejected.", nullptr,
                             int(std::min<qint64>(s.rejected, INT_MAX))));
        html += u"<h3 style='color:#b01c2e'>%1</h3><p>%2</p>"_s.arg(
            tr("Nothing was imported"),
            tr("The files hold rejected records, so nothing was stored (all or nothing). "
               "Correct them, or tick “Import the valid readings” to store the rest."));
    } else {
        m_status->setText(
            tr("Done in %1 s.").arg(QString::number(double(s.elapsedMs) / 1000.0, 'f', 1)));
        html += u"<h3>%1</h3>"_s.arg(tr("%1 new readings stored").arg(number(s.imported)));
    }
    html += u"<table cellspacing='0' cellpadding='2'>"_s;
    const auto row = [&html](const QString &label, qint64 n, const QString &note) {
        html += u"<tr><td>%1</td><td align='right'><b>%2</b></td><td style='color:gray'>"
                "&nbsp;&nbsp;%3</td></tr>"_s.arg(label, number(n), note);
    };
    row(tr("Imported"), s.imported, tr("new readings"));
    row(tr("Duplicates"), s.duplicates, tr("already stored, left out"));
    row(tr("Skipped"), s.skipped, tr("not readings (see below)"));
    row(tr("Rejected"), s.rejected, tr("bad data"));
    html += u"</table>"_s;
    if (s.committed)
        html += u"<p>%1</p>"_s.arg(tr("Alerts raised: %1 for out-of-range readings, %2 for "
                                      "patients without readings.")
                                       .arg(number(s.alertsRaised), number(outcome.noDataAlerts)));
    if (!s.rejectedDetails.empty()) {
        html += u"<h4>%1</h4><ul>"_s.arg(tr("Rejected"));
        for (std::size_t i = 0; i < s.rejectedDetails.size() && i < kShownDetails; ++i) {
            const ingest::Issue &issue = s.rejectedDetails[i];
            const QString text =
                issue.location.isNull() ? issue.file + u": "_s + issue.reason : issue.toString();
            html += u"<li>%1</li>"_s.arg(text.toHtmlEscaped());
        }
        if (s.rejected > kShownDetails)
            html +=
                u"<li>%1</li>"_s.arg(tr("… and %1 more").arg(number(s.rejected - kShownDetails)));
        html += u"</ul>"_s;
    }
    if (!s.warnings.isEmpty()) {
        html += u"<h4>%1</h4><ul>"_s.arg(tr("Stored, but not counted toward device days"));
        for (const QString &w : s.warnings)
            html += u"<li>%1</li>"_s.arg(w.toHtmlEscaped());
        html += u"</ul>"_s;
    }
    if (!s.skipReasons.isEmpty()) {
        html += u"<h4>%1</h4><ul>"_s.arg(tr("Skipped"));
        for (auto it = s.skipReasons.cbegin(); it != s.skipReasons.cend(); ++it)
            html += u"<li>%1: %2</li>"_s.arg(it.key().toHtmlEscaped(), number(it.value()));
        html += u"</ul>"_s;
    }
    m_result->setHtml(html);
    m_result->show();
}

void ImportDialog::updateButtons()
{
    const bool running = isRunning();
    m_start->setEnabled(!running && m_files->count() > 0);
    m_add->setEnabled(!running);
    m_remove->setEnabled(!running && m_files->count() > 0);
    m_files->setEnabled(!running);
    m_patient->setEnabled(!running);
    m_source->setEnabled(!running);
    m_partial->setEnabled(!running);
    m_cancel->setText(running ? tr("Cancel") : tr("Close"));
}

} // namespace vd::ui
