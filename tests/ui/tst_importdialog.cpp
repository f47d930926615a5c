// File ▸ Import readings: the dialog drives a real import on a worker thread; progress,
// cancel (nothing stored), the result panel, and the event loop kept free during a large
// import. Also the Devices dialog, whose serials the import matches.

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include "fakeclock.h"
#include "practicebuilder.h"
#include "store/patientrepository.h"
#include "store/readingrepository.h"
#include "tempdatabase.h"
#include "ui/devicesdialog.h"
#include "ui/importdialog.h"
#include "ui/mainwindow.h"

using namespace Qt::Literals::StringLiterals;

class TestImportDialog : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();

    void importsAndShowsTheOutcome();
    void rejectedFileStoresNothingAndSaysWhy();
    void partialImportsTheValidReadings();
    void cancelRollsBack();
    void staysResponsiveDuringALargeImport();
    void closingWhileRunningCancels();
    void fileMenuOpensTheDialog();

    void devicesDialogRegistersAndExplains();

private:
    QString write(const QString &name, const QByteArray &content);
    QString bigCsv(int rows);
    qint64 readingCount();
    void grab(QWidget *widget, const QString &name);

    vd::test::FakeClock m_clock;
    std::unique_ptr<vd::test::TempDatabase> m_temp;
    std::unique_ptr<vd::test::PracticeBuilder> m_practice;
    std::unique_ptr<QTemporaryDir> m_files;
    vd::PatientId m_adams = 0;
};

void TestImportDialog::init()
{
    m_clock.setNowUtc(QDateTime(QDate(2026, 3, 20), QTime(15, 0), QTimeZone::utc()));
    m_temp = std::make_unique<vd::test::TempDatabase>();
    QVERIFY2(m_temp->isValid(), qPrintable(m_temp->error()));
    m_practice = std::make_unique<vd::test::PracticeBuilder>(m_temp->db(), m_clock);
    m_adams = m_practice->addEnrolledPatient(u"MRN-A"_s, u"Adams"_s, QDate(2026, 1, 10));
    m_practice->addEnrolledPatient(u"MRN-B"_s, u"Baker"_s, QDate(2026, 1, 10));
    m_files = std::make_unique<QTemporaryDir>();
}

void TestImportDialog::cleanup()
{
    m_practice.reset();
    m_temp.reset();
    m_files.reset();
}

QString TestImportDialog::write(const QString &name, const QByteArray &content)
{
    const QString path = m_files->filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(content) != content.size())
        QTest::qFail("cannot write a test file", __FILE__, __LINE__);
    return path;
}

QString TestImportDialog::bigCsv(int rows)
{
    QByteArray text = "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n";
    text.reserve(rows * 70);
    // One reading a minute, alternating between two patients, ending a day ago.
    const qint64 start = m_clock.nowUtcMs() - 86'400'000 - qint64(rows) * 60'000;
    for (int i = 0; i < rows; ++i) {
        text += (i % 2 ? "MRN-A,SN-MRN-A," : "MRN-B,SN-MRN-B,") +
                QDateTime::fromMSecsSinceEpoch(start + qint64(i) * 60'000, QTimeZone::utc())
                    .toString(Qt::ISODate)
                    .toLatin1() +
                ",bp," + QByteArray::number(110 + i % 40) + ',' + QByteArray::number(70 + i % 20) +
                ",mm[Hg],device\n";
    }
    return write(u"big.csv"_s, text);
}

qint64 TestImportDialog::readingCount()
{
    return *vd::ReadingRepository(m_temp->connection(), m_clock).count();
}

// Saves what a user would see when VITALDESK_SCREENSHOTS names a folder.
void TestImportDialog::grab(QWidget *widget, const QString &name)
{
    const QString dir = qEnvironmentVariable("VITALDESK_SCREENSHOTS");
    if (!dir.isEmpty())
        widget->grab().save(dir + u'/' + name + u".png"_s);
}

void TestImportDialog::importsAndShowsTheOutcome()
{
    const QString csv =
        write(u"week.csv"_s, "patient_mrn,device_serial,measured_at,kind,value,value2,unit,source\n"
                             "MRN-A,SN-MRN-A,2026-03-16T08:00:00-04:00,bp,128,82,mm[Hg],device\n"
                             "MRN-A,SN-MRN-A,2026-03-17T08:00:00-04:00,bp,192,100,mm[Hg],device\n"
                             "MRN-B,SN-OTHER,2026-03-17T08:00:00-04:00,heart_rate,70,,/min,device\n"
                             "MRN-B,,2026-03-17T09:30:00-04:00,battery,80,,%,device\n");
    const qint64 before = readingCount();
    vd::ui::ImportDialog dialog(m_temp->path(), m_clock, m_practice->nurse());
    dialog.resize(720, 520);
    dialog.addFiles({csv});
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *start = dialog.findChild<QPushButton *>(u"importStart"_s);
    QVERIFY(start && start->isEnabled());
    QSignalSpy finished(&dialog, &vd::ui::ImportDialog::importFinished);
    QTest::mouseClick(start, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY(dialog.summary());
    QCOMPARE(dialog.summary()->imported, 3);
    QCOMPARE(dialog.summary()->skipped, 1);
    QCOMPARE(readingCount(), before + 3);
    const QString text = dialog.resultText();
    QVERIFY2(text.contains(u"3 new readings stored"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Alerts raised: 1 for out-of-range readings"_s), qPrintable(text));
    QVERIFY2(text.contains(u"device SN-OTHER is not registered to the patient"_s),
             qPrintable(text));
    QVERIFY2(text.contains(u"unsupported code or kind: 1"_s), qPrintable(text));
    QCOMPARE(dialog.findChild<QProgressBar *>(u"importProgress"_s)->value(),
             dialog.findChild<QProgressBar *>(u"importProgress"_s)->maximum());
    QCOMPARE(dialog.findChild<QPushButton *>(u"importCancel"_s)->text(), u"Close"_s);
    grab(&dialog, u"import-done"_s);
}

void TestImportDialog::rejectedFileStoresNothingAndSaysWhy()
{
    const QString csv =
        write(u"bad.csv"_s, "patient_mrn,measured_at,kind,value,value2,unit,source\n"
                            "MRN-A,2026-03-16T08:00:00-04:00,bp,128,82,mm[Hg],manual\n"
                            "MRN-A,2026-03-16T09:00:00-04:00,bp,400,82,mm[Hg],manual\n"
                            "MRN-Z,2026-03-16T09:00:00-04:00,heart_rate,70,,/min,manual\n");
    const qint64 before = readingCount();
    vd::ui::ImportDialog dialog(m_temp->path(), m_clock, m_practice->nurse());
    dialog.addFiles({csv});
    dialog.show();
    QSignalSpy finished(&dialog, &vd::ui::ImportDialog::importFinished);
    dialog.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(readingCount(), before);
    const QString text = dialog.resultText();
    QVERIFY2(text.contains(u"Nothing was imported"_s), qPrintable(text));
    QVERIFY2(text.contains(u"bad.csv line 3: systolic 400 mm[Hg] is outside the plausible range"_s),
             qPrintable(text));
    QVERIFY2(text.contains(u"bad.csv line 4: no patient with MRN MRN-Z"_s), qPrintable(text));
    grab(&dialog, u"import-rejected"_s);
}

void TestImportDialog::partialImportsTheValidReadings()
{
    const QString csv =
        write(u"mixed.csv"_s, "patient_mrn,measured_at,kind,value,value2,unit,source\n"
                              "MRN-A,2026-03-16T08:00:00-04:00,bp,128,82,mm[Hg],manual\n"
                              "MRN-A,2026-03-16T09:00:00-04:00,bp,400,82,mm[Hg],manual\n");
    const qint64 before = readingCount();
    vd::ui::ImportDialog dialog(m_temp->path(), m_clock, m_practice->nurse());
    dialog.addFiles({csv});
    dialog.findChild<QCheckBox *>(u"importPartial"_s)->setChecked(true);
    QSignalSpy finished(&dialog, &vd::ui::ImportDialog::importFinished);
    dialog.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QCOMPARE(readingCount(), before + 1);
    QCOMPARE(dialog.summary()->rejected, 1);
}

void TestImportDialog::cancelRollsBack()
{
    const QString csv = bigCsv(150'000);
    const qint64 before = readingCount();
    vd::ui::ImportDialog dialog(m_temp->path(), m_clock, m_practice->nurse());
    dialog.addFiles({csv});
    dialog.show();
    QSignalSpy finished(&dialog, &vd::ui::ImportDialog::importFinished);
    auto *bar = dialog.findChild<QProgressBar *>(u"importProgress"_s);
    dialog.start();
    QVERIFY(dialog.isRunning());
    QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0 || finished.count() > 0, 20000);
    QVERIFY2(finished.isEmpty(), "the import should still be running");
    auto *cancel = dialog.findChild<QPushButton *>(u"importCancel"_s);
    QCOMPARE(cancel->text(), u"Cancel"_s);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY(dialog.summary() && dialog.summary()->cancelled);
    QCOMPARE(readingCount(), before);
    QVERIFY2(dialog.resultText().contains(u"nothing was stored"_s),
             qPrintable(dialog.resultText()));
    QVERIFY(dialog.isVisible()); // Cancel stops the import, not the dialog
}

void TestImportDialog::staysResponsiveDuringALargeImport()
{
    // The UI thread only polls the worker's progress: its event loop keeps turning.
    // VITALDESK_IMPORT_ROWS=1000000 runs it at the size of the target.
    const int rows = qEnvironmentVariableIsSet("VITALDESK_IMPORT_ROWS")
                         ? qEnvironmentVariableIntValue("VITALDESK_IMPORT_ROWS")
                         : 200'000;
    const QString csv = bigCsv(rows);
    vd::ui::ImportDialog dialog(m_temp->path(), m_clock, m_practice->nurse());
    dialog.addFiles({csv});
    dialog.show();
    QSignalSpy finished(&dialog, &vd::ui::ImportDialog::importFinished);
    auto *bar = dialog.findChild<QProgressBar *>(u"importProgress"_s);
    QElapsedTimer gap;
    qint64 worstGapMs = 0;
    QList<int> values;
    QTimer tick;
    tick.setInterval(10);
    connect(&tick, &QTimer::timeout, this, [&] {
        worstGapMs = std::max(worstGapMs, gap.restart());
        if (values.isEmpty() || values.last() != bar->value())
            values << bar->value();
    });
    QElapsedTimer total;
    total.start();
    dialog.start();
    gap.start();
    tick.start();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 600'000);
    tick.stop();
    QCOMPARE(dialog.summary()->imported, rows);
    QStringList steps;
    for (int v : std::as_const(values))
        steps << QString::number(v);
    qInfo("%d readings in %lld ms; the event loop waited at most %lld ms; bar: %s", rows,
          total.elapsed(), worstGapMs, qPrintable(steps.join(u' ')));
    QVERIFY2(worstGapMs < 250,
             qPrintable(u"the UI thread was blocked for %1 ms"_s.arg(worstGapMs)));
    QVERIFY2(values.size() >= 3, "the bar moved while the import ran");
}

void TestImportDialog::closingWhileRunningCancels()
{
    const QString csv = bigCsv(150'000);
    const qint64 before = readingCount();
    vd::ui::ImportDialog dialog(m_temp->path(), m_clock, m_practice->nurse());
    dialog.addFiles({csv});
    dialog.show();
    QSignalSpy finished(&dialog, &vd::ui::ImportDialog::importFinished);
    dialog.start();
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(readingCount(), before);
}

void TestImportDialog::fileMenuOpensTheDialog()
{
    const vd::StaffMember nurse{m_practice->nurse(), u"Rita Nurse"_s, u"RN"_s, {}, {}, true};
    vd::ui::MainWindow window(m_temp->db(),
                              {u"Test Practice"_s, QTimeZone("America/New_York"), m_temp->path()},
                              m_clock, nurse);
    window.resize(1366, 768);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    bool seen = false;
    QTimer::singleShot(0, this, [&] {
        auto *dialog = qobject_cast<vd::ui::ImportDialog *>(QApplication::activeModalWidget());
        seen = dialog != nullptr;
        if (dialog) {
            grab(dialog, u"import-empty"_s);
            dialog->reject();
        }
    });
    QTest::keyClick(&window, Qt::Key_I, Qt::ControlModifier);
    QVERIFY(seen);
}

void TestImportDialog::devicesDialogRegistersAndExplains()
{
    const vd::PatientId adams = m_adams;
    vd::ui::DevicesDialog dialog(m_temp->db(), m_clock, m_practice->nurse(), adams,
                                 QTimeZone("America/New_York"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *table = dialog.table();
    QCOMPARE(table->rowCount(), 1); // the builder's cuff
    QCOMPARE(table->item(0, 2)->text(), u"SN-MRN-A"_s);
    QCOMPARE(table->item(0, 6)->text(), u"Count"_s);

    auto *registerButton = dialog.findChild<QPushButton *>(u"deviceRegister"_s);
    QVERIFY(!registerButton->isEnabled()); // model and serial first
    auto *kind = dialog.findChild<QComboBox *>(u"deviceKind"_s);
    kind->setCurrentIndex(kind->findData(u"scale"_s));
    QTest::keyClicks(dialog.findChild<QLineEdit *>(u"deviceModel"_s), u"Phone app scale"_s);
    QTest::keyClicks(dialog.findChild<QLineEdit *>(u"deviceSerial"_s), u"APP-77"_s);
    dialog.findChild<QCheckBox *>(u"deviceFdaCleared"_s)->setChecked(false);
    QVERIFY(registerButton->isEnabled());
    QTest::mouseClick(registerButton, Qt::LeftButton);
    QVERIFY(dialog.changed());
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(1, 2)->text(), u"APP-77"_s);
    QCOMPARE(table->item(1, 6)->text(), u"No: not FDA-cleared"_s);
    grab(&dialog, u"devices"_s);

    auto devices = vd::PatientRepository(m_temp->connection(), m_clock).devices(adams);
    QVERIFY(devices);
    QCOMPARE(devices->size(), std::size_t(2));
    QCOMPARE(devices->back().kind, u"scale"_s);
    QVERIFY(!devices->back().fdaCleared);
    QVERIFY(devices->back().autoTransmit);
    QCOMPARE(devices->back().assignedOn, QDate(2026, 3, 20));

    // A serial is required.
    QTest::keyClicks(dialog.findChild<QLineEdit *>(u"deviceModel"_s), u"Cuff"_s);
    QVERIFY(!registerButton->isEnabled());
}

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
