namespace MedPayIQ.Ncci;

/// <summary>
/// A CMS NCCI edit file is not what it claims to be. The exception names the file, the 1-based line and column, the
/// column's CMS name, the offending text (unless values are kept out of messages) and what was expected.
/// </summary>
public sealed class NcciFormatException : FormatException
{
    /// <summary>Creates the exception with a plain message (no position).</summary>
    public NcciFormatException(string message)
        : base(message)
    {
        FileName = string.Empty;
        Expected = message;
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    public NcciFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        FileName = string.Empty;
        Expected = message;
    }

    /// <summary>Creates the exception.</summary>
    public NcciFormatException()
        : this("A CMS NCCI edit file is malformed.")
    {
    }

    internal NcciFormatException(string fileName, long line, int column, string? columnName, string? value, string expected, Exception? inner = null)
        : base(MedPayIQ.Pricing.FeeScheduleFormatException.Compose(fileName, line, column, columnName, value, expected), inner)
    {
        FileName = fileName;
        LineNumber = line;
        Column = column;
        ColumnName = columnName;
        Value = value;
        Expected = expected;
    }

    /// <summary>The file's name.</summary>
    public string FileName { get; }

    /// <summary>1-based line; 0 when the problem concerns the whole file.</summary>
    public long LineNumber { get; }

    /// <summary>1-based field number; 0 when not tied to one.</summary>
    public int Column { get; }

    /// <summary>The column's name in CMS's layout, such as <c>Column 1</c> or <c>AOC_Edit_Type</c>.</summary>
    public string? ColumnName { get; }

    /// <summary>The offending text, or <c>null</c> when values are kept out of messages.</summary>
    public string? Value { get; }

    /// <summary>What the loader expected there.</summary>
    public string Expected { get; }
}

/// <summary>Every throw of the NCCI loaders, in one place, so that the hot loops stay small.</summary>
internal static class NcciThrow
{
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Field(string file, long line, int column, string columnName, ReadOnlySpan<byte> value, bool includeValues, string expected)
        => throw new NcciFormatException(file, line, column, columnName, includeValues ? System.Text.Encoding.UTF8.GetString(value) : null, expected);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void Line(string file, long line, string expected)
        => throw new NcciFormatException(file, line, 0, null, null, expected);

    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    public static void File(string file, string expected, Exception? inner = null)
        => throw new NcciFormatException(file, 0, 0, null, null, expected, inner);
}
