namespace MedPayIQ.Pricing;

/// <summary>
/// A CMS file (fee schedule, locality, NCCI edit table...) is not what it claims to be: the base of every loader's format
/// exception. It names the file, the 1-based line and column, the column's CMS name, the offending text (unless values
/// are kept out of messages) and what was expected; its message says all of that in one line.
/// </summary>
public abstract class CmsFileFormatException : FormatException
{
    /// <summary>Creates the exception with a plain message (no position).</summary>
    /// <param name="message">What is wrong.</param>
    protected CmsFileFormatException(string message)
        : base(message)
    {
        FileName = string.Empty;
        Expected = message;
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    protected CmsFileFormatException(string message, Exception? innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
        Expected = message;
    }

    /// <summary>Creates the exception for a position in a file.</summary>
    /// <param name="fileName">The file's name.</param>
    /// <param name="line">1-based line; 0 for the whole file.</param>
    /// <param name="column">1-based column; 0 when not tied to one.</param>
    /// <param name="columnName">The column's name in CMS's layout, or <c>null</c>.</param>
    /// <param name="value">The offending text, or <c>null</c> to keep it out of the message.</param>
    /// <param name="expected">What was expected there.</param>
    /// <param name="innerException">The cause, or <c>null</c>.</param>
    protected CmsFileFormatException(string fileName, long line, int column, string? columnName, string? value, string expected, Exception? innerException)
        : base(Compose(fileName, line, column, columnName, value, expected), innerException)
    {
        FileName = fileName;
        LineNumber = line;
        Column = column;
        ColumnName = columnName;
        Value = value;
        Expected = expected;
    }

    /// <summary>Creates the exception for a cell of a workbook's sheet.</summary>
    /// <param name="fileName">The workbook's name.</param>
    /// <param name="sheet">The worksheet's name.</param>
    /// <param name="row">1-based row of the sheet; 0 for the whole sheet.</param>
    /// <param name="column">1-based column (A is 1); 0 when not tied to one.</param>
    /// <param name="columnName">The column's name in CMS's layout, or <c>null</c>.</param>
    /// <param name="value">The offending text, or <c>null</c> to keep it out of the message.</param>
    /// <param name="expected">What was expected there.</param>
    /// <param name="innerException">The cause, or <c>null</c>.</param>
    protected CmsFileFormatException(string fileName, string sheet, long row, int column, string? columnName, string? value, string expected, Exception? innerException)
        : base(Compose(fileName, sheet, row, column, columnName, value, expected), innerException)
    {
        FileName = fileName;
        Sheet = sheet;
        LineNumber = row;
        Column = column;
        ColumnName = columnName;
        Value = value;
        Expected = expected;
    }

    /// <summary>The worksheet, when the file is a workbook (<see cref="LineNumber"/> is then the sheet's row); otherwise <c>null</c>.</summary>
    public string? Sheet { get; }

    /// <summary>The file's name (as CMS names it, or as given); empty when the problem is not tied to a file.</summary>
    public string FileName { get; }

    /// <summary>1-based line of the file where the problem is; 0 when it concerns the whole file.</summary>
    public long LineNumber { get; }

    /// <summary>1-based column: the field number for delimited files, the character position for fixed-width files; 0 when not tied to one.</summary>
    public int Column { get; }

    /// <summary>The column's name in CMS's layout, such as <c>WORK RVU</c> or <c>Column 1</c>; <c>null</c> when not tied to a column.</summary>
    public string? ColumnName { get; }

    /// <summary>The offending text, or <c>null</c> when values are kept out of messages (the loaders' <c>IncludeValuesInExceptions</c> option).</summary>
    public string? Value { get; }

    /// <summary>What the loader expected there.</summary>
    public string Expected { get; }

    private static string Compose(string file, string sheet, long row, int column, string? columnName, string? value, string expected)
    {
        var where = $"{file}, sheet '{sheet}'" + (row > 0 ? $", row {row}" : string.Empty);
        if (column > 0)
        {
            var letters = string.Empty;
            for (int c = column; c > 0; c = (c - 1) / 26)
            {
                letters = (char)('A' + ((c - 1) % 26)) + letters;
            }

            where += columnName is null ? $", column {letters}" : $", column {letters} ({columnName})";
        }

        return value is null ? $"{where}: {expected}" : $"{where}: found '{value}'; {expected}";
    }

    private static string Compose(string file, long line, int column, string? columnName, string? value, string expected)
    {
        var where = line > 0 ? $"{file} line {line}" : file;
        if (column > 0)
        {
            where += columnName is null ? $", column {column}" : $", column {column} ({columnName})";
        }

        return value is null ? $"{where}: {expected}" : $"{where}: found '{value}'; {expected}";
    }
}
