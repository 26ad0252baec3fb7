namespace MedPayIQ.Pricing;

/// <summary>
/// A CMS fee schedule file is not what it claims to be. The exception names the file, the 1-based line and column,
/// the column's CMS name, the offending text (unless values are kept out of messages) and what was expected.
/// </summary>
public sealed class FeeScheduleFormatException : FormatException
{
    /// <summary>Creates the exception with a plain message (no position).</summary>
    public FeeScheduleFormatException(string message)
        : base(message)
    {
        FileName = string.Empty;
        Expected = message;
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    public FeeScheduleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
        Expected = message;
    }

    /// <summary>Creates the exception.</summary>
    public FeeScheduleFormatException()
        : this("A CMS fee schedule file is malformed.")
    {
    }

    internal FeeScheduleFormatException(string fileName, long line, int column, string? columnName, string? value, string expected, Exception? inner)
        : base(Compose(fileName, line, column, columnName, value, expected), inner)
    {
        FileName = fileName;
        LineNumber = line;
        Column = column;
        ColumnName = columnName;
        Value = value;
        Expected = expected;
    }

    /// <summary>The file's name (as CMS names it, or as given).</summary>
    public string FileName { get; }

    /// <summary>1-based line of the file where the problem is; 0 when it concerns the whole file.</summary>
    public long LineNumber { get; }

    /// <summary>1-based column: the field number for CSV files, the character position for fixed-width files; 0 when not tied to one.</summary>
    public int Column { get; }

    /// <summary>The column's name in CMS's layout, such as <c>WORK RVU</c>; <c>null</c> when not tied to a column.</summary>
    public string? ColumnName { get; }

    /// <summary>The offending text, or <c>null</c> when values are kept out of messages (<see cref="FeeScheduleLoadOptions.IncludeValuesInExceptions"/>).</summary>
    public string? Value { get; }

    /// <summary>What the loader expected there.</summary>
    public string Expected { get; }

    /// <summary>The message of a format problem, as both packages' exceptions write it: file, line, column (name), value, expectation.</summary>
    internal static string Compose(string file, long line, int column, string? columnName, string? value, string expected)
    {
        var where = line > 0 ? $"{file} line {line}" : file;
        if (column > 0)
        {
            where += columnName is null ? $", column {column}" : $", column {column} ({columnName})";
        }

        return value is null ? $"{where}: {expected}" : $"{where}: found '{value}'; {expected}";
    }
}
