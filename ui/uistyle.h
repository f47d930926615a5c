#pragma once

#include <QString>

class QLabel;
class QWidget;

namespace vd::ui {

// A page's title: bold, larger than the body text (scale), with an objectName for tests.
QLabel *makeHeading(QWidget *parent, const QString &objectName, qreal scale = 1.35);

} // namespace vd::ui
