namespace MedPayIQ.Pricing;

/// <summary>
/// A CMS fee schedule file is not what it claims to be. The exception names the file, the 1-based line and column,
/// the column's CMS name, the offending text (unless values are kept out of messages) and what was expected.
/// </summary>
public sealed class FeeScheduleFormatException : CmsFileFormatException
{
    /// <summary>Creates the exception with a plain message (no position).</summary>
    /// <param name="message">What is wrong.</param>
    public FeeScheduleFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public FeeScheduleFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public FeeScheduleFormatException()
        : this("A CMS fee schedule file is malformed.")
    {
    }

    internal FeeScheduleFormatException(string fileName, long line, int column, string? columnName, string? value, string expected, Exception? inner)
        : base(fileName, line, column, columnName, value, expected, inner)
    {
    }

    internal FeeScheduleFormatException(string fileName, string sheet, long row, int column, string? columnName, string? value, string expected, Exception? inner)
        : base(fileName, sheet, row, column, columnName, value, expected, inner)
    {
    }
}
