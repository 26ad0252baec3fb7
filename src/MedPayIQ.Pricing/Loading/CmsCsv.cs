using CsvHelper;

namespace MedPayIQ.Pricing;

/// <summary>The CsvHelper span reader set up for CMS's comma-separated files.</summary>
internal static class CmsCsv
{
    /// <param name="content">The bytes.</param>
    /// <param name="includeValues">Whether CsvHelper's messages may quote values.</param>
    /// <param name="oneRecordPerLine">
    /// For rows read where no field may hold a line break: every line is a record (empty lines too), so a record's line
    /// number is its ordinal and the reader need not count lines.
    /// </param>
    public static CsvReader Open(ReadOnlyMemory<byte> content, bool includeValues, bool oneRecordPerLine = false)
        => CsvReader.Create(content, new CsvReaderOptions
        {
            HasHeader = false,
            Separator = ',',
            TrackLineNumbers = !oneRecordPerLine,
            SkipEmptyLines = !oneRecordPerLine,
            AllowLineBreaksInQuotes = false,
            MalformedData = CsvMalformedDataHandling.Throw,
            IncludeValuesInExceptions = includeValues,
            MaxRecordSize = 1 << 20,
        });

    /// <summary>Whether the file ends as every CMS file does: with a line break (UTF-8 or UTF-16), or a DOS end-of-file character after one.</summary>
    public static bool EndsWithLineBreak(ReadOnlySpan<byte> s)
        => s is [.., (byte)'\n'] or [.., (byte)'\n', 0] or [.., (byte)'\n', 0x1A] or [.., (byte)'\n', 0x1A, (byte)'\r', (byte)'\n'] or [];

    /// <summary>A DOS end-of-file character (0x1A) on a line of its own, as some re-saved files end.</summary>
    public static bool IsEndOfFileMarker(CsvReader reader)
        => reader.FieldCount >= 1 && reader.GetSpan(0) is [0x1A];

    /// <summary>Every field empty or blank (CMS separates blocks with <c>,,,,</c> lines).</summary>
    public static bool IsBlank(CsvReader reader)
    {
        for (int i = 0; i < reader.FieldCount; i++)
        {
            if (!CmsFields.Trim(reader.GetSpan(i)).IsEmpty)
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>Enumerates the lines of a byte buffer (LF or CRLF), with 1-based line numbers. No allocation.</summary>
internal ref struct LineEnumerator
{
    private ReadOnlySpan<byte> _rest;
    private long _number;
    private bool _done;

    public LineEnumerator(ReadOnlySpan<byte> content)
    {
        // A UTF-8 byte order mark (Notepad, Excel's "CSV UTF-8") is not part of the first line.
        _rest = content is [0xEF, 0xBB, 0xBF, ..] ? content[3..] : content;
        Current = default;
    }

    public LineSpan Current { get; private set; }

    public readonly LineEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_done || (_rest.IsEmpty && _number > 0))
        {
            return false;
        }

        if (_rest.IsEmpty)
        {
            _done = true;
            return false;
        }

        int nl = _rest.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line;
        if (nl < 0)
        {
            line = _rest;
            _rest = default;
            _done = true;
        }
        else
        {
            line = _rest[..nl];
            _rest = _rest[(nl + 1)..];
        }

        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        Current = new LineSpan(line, ++_number);
        return true;
    }
}

/// <summary>One line of a buffer and its 1-based number.</summary>
internal readonly ref struct LineSpan
{
    public LineSpan(ReadOnlySpan<byte> line, long number)
    {
        Line = line;
        Number = number;
    }

    public ReadOnlySpan<byte> Line { get; }

    public long Number { get; }

    public void Deconstruct(out ReadOnlySpan<byte> line, out long number)
    {
        line = Line;
        number = Number;
    }
}
