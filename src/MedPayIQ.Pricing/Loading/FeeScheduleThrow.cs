using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace MedPayIQ.Pricing;

/// <summary>Where a loader is: file, line, column. Used to build precise exceptions.</summary>
internal readonly struct FieldContext
{
    public FieldContext(string file, long line, int column, string columnName, bool includeValues)
    {
        File = file;
        Line = line;
        Column = column;
        ColumnName = columnName;
        IncludeValues = includeValues;
    }

    public string File { get; }
    public long Line { get; }
    public int Column { get; }
    public string ColumnName { get; }
    public bool IncludeValues { get; }
}

/// <summary>Every exception the Pricing loaders throw is created here.</summary>
internal static class FeeScheduleThrow
{
    private const int MaxValueLength = 80;

    [DoesNotReturn]
    public static void Field(in FieldContext at, ReadOnlySpan<byte> value, string expected)
        => throw new FeeScheduleFormatException(at.File, at.Line, at.Column, at.ColumnName, at.IncludeValues ? Show(value) : null, expected, null);

    [DoesNotReturn]
    public static void Line(string file, long line, string expected, Exception? inner = null)
        => throw new FeeScheduleFormatException(file, line, 0, null, null, expected, inner);

    [DoesNotReturn]
    public static void Line(string file, long line, ReadOnlySpan<byte> value, bool includeValues, string expected)
        => throw new FeeScheduleFormatException(file, line, 0, null, includeValues ? Show(value) : null, expected, null);

    [DoesNotReturn]
    public static void File(string file, string expected, Exception? inner = null)
        => throw new FeeScheduleFormatException(file, 0, 0, null, null, expected, inner);

    [DoesNotReturn]
    public static T File<T>(string file, string expected) => throw new FeeScheduleFormatException(file, 0, 0, null, null, expected, null);

    [DoesNotReturn]
    public static void Source(string expected) => throw new FeeScheduleFormatException(expected);

    [DoesNotReturn]
    public static T Source<T>(string expected) => throw new FeeScheduleFormatException(expected);

    [DoesNotReturn]
    public static void Duplicate(string file, long line, string key, long firstLine)
        => throw new FeeScheduleFormatException(file, line, 0, null, null, $"duplicate row for {key}; the first is on line {firstLine}", null);

    /// <summary>Renders bytes for a message: printable ASCII as is, others escaped, long values cut.</summary>
    public static string Show(ReadOnlySpan<byte> value)
    {
        var sb = new StringBuilder(Math.Min(value.Length, MaxValueLength) + 8);
        for (int i = 0; i < value.Length && i < MaxValueLength; i++)
        {
            byte b = value[i];
            if (b is >= 0x20 and < 0x7F)
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\x{b:X2}");
            }
        }

        if (value.Length > MaxValueLength)
        {
            sb.Append(System.Globalization.CultureInfo.InvariantCulture, $"... ({value.Length} bytes)");
        }

        return sb.ToString();
    }
}
