using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>
/// A CMS NCCI edit file is not what it claims to be. The exception names the file, the 1-based line and column, the
/// column's CMS name, the offending text (unless values are kept out of messages) and what was expected.
/// </summary>
public sealed class NcciFormatException : CmsFileFormatException
{
    /// <summary>Creates the exception with a plain message (no position).</summary>
    /// <param name="message">What is wrong.</param>
    public NcciFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a plain message and a cause.</summary>
    /// <param name="message">What is wrong.</param>
    /// <param name="innerException">The cause.</param>
    public NcciFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public NcciFormatException()
        : this("A CMS NCCI edit file is malformed.")
    {
    }

    internal NcciFormatException(string fileName, long line, int column, string? columnName, string? value, string expected, Exception? inner = null)
        : base(fileName, line, column, columnName, value, expected, inner)
    {
    }
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
