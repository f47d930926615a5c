#pragma once

// Included by every ingest source file (never by public headers, which the importer
// includes from targets that do link QtSql). The ingest library reads files into
// batches; it must not grow a database, widget or GUI dependency.
#if defined(QT_SQL_LIB) || defined(QT_WIDGETS_LIB) || defined(QT_GUI_LIB)
#error "vitaldesk_ingest links QtCore only: no QtSql, QtWidgets or QtGui here"
#endif
