"""Qt's own texts (Yes/No, Save/Cancel in standard dialogs, its file dialog, context menus) in
the interface language: Qt's shipped Korean translation (qtbase_ko from the translations folder
of the Qt that runs, QLibraryInfo.TranslationsPath) when the interface is Korean, none in
English; switching languages swaps them at once.

The shipped catalogue is older than the Qt it comes with: a few texts that Qt renamed since
(the file dialog's '&Look in:' and 'Files of &type:', 'Folder' in its list) would stay English
in a Korean dialog, and 'Discard' reads 무시 there, the same word as 'Ignore', in the question
about unsaved changes. `QtGaps` says those few in Korean."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

_installed: list[QTranslator] = []

# (context, Qt's English text) -> Korean, for what qtbase_ko lacks or says ambiguously.
KOREAN_GAPS: dict[tuple[str, str], str] = {
    ("QFileDialog", "&Look in:"): "찾는 위치(&L):",
    ("QFileDialog", "Files of &type:"): "파일 형식(&T):",
    ("QFileDialog", "File &name:"): "파일 이름(&N):",
    ("QAbstractFileIconProvider", "Folder"): "폴더",
    ("QAbstractFileIconProvider", "Drive"): "드라이브",
    ("QAbstractFileIconProvider", "File"): "파일",
    ("QAbstractFileIconProvider", "%1 File"): "%1 파일",
    ("QPlatformTheme", "Discard"): "저장 안 함",
    ("QPlatformTheme", "Don't Save"): "저장 안 함",
    ("QPlatformTheme", "Close without Saving"): "저장하지 않고 닫기",
}


class QtGaps(QTranslator):
    """The Korean for the few texts of Qt that its own catalogue leaves English."""

    def translate(
        self,
        context: str,
        source: str,
        disambiguation: str | None = None,  # type: ignore[override]
        n: int = -1,
    ) -> str | None:
        return KOREAN_GAPS.get((context, source))  # None: not ours, the next catalogue answers

    def isEmpty(self) -> bool:  # noqa: N802 - Qt API
        return False


def translations_folder() -> str:
    return QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)


def apply_qt_language(lang: str) -> list[QTranslator]:
    """Install Qt's translations for `lang` (Korean) or remove them (English); returns what
    is installed now."""
    app = QCoreApplication.instance()
    if app is None:
        return []
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    # Stays a comparison: it sets Qt's locale and translator (behaviour), not a text of ours.
    QLocale.setDefault(QLocale(QLocale.Language.Korean if lang == "ko" else QLocale.Language.English))
    if lang != "ko":
        return []
    translator = QTranslator(app)
    if translator.load("qtbase_ko", translations_folder()):
        app.installTranslator(translator)
        _installed.append(translator)
    gaps = QtGaps(app)  # installed last: asked first, answers only for its few texts
    app.installTranslator(gaps)
    _installed.append(gaps)
    return list(_installed)
