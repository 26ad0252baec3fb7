using System.Collections.Immutable;
using System.Security.Cryptography;
using CsvHelper;

namespace MedPayIQ.Pricing;

/// <summary>Settings for loading a CLFS, DMEPOS or ASP file. Each value is checked when it is set.</summary>
public sealed record PartBScheduleLoadOptions
{
    /// <summary>The first date of service the file applies to. When unset, read from the file's name or contents.</summary>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>Whether exception messages may quote the offending text (default <c>true</c>).</summary>
    public bool IncludeValuesInExceptions { get; init; } = true;

    /// <summary>The largest file (or the most from one zip archive) accepted, in bytes (default 64 MiB).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public long MaxFileBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 64L * 1024 * 1024;

    /// <summary>Notes to add to the provenance.</summary>
    /// <exception cref="ArgumentNullException">The value is null.</exception>
    public IReadOnlyList<string> Notes
    {
        get;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            field = value;
        }
    } = [];

    internal static PartBScheduleLoadOptions Default { get; } = new();
}

/// <summary>What the CLFS, DMEPOS and ASP loaders share: reading a path, a stream or a zip, hashing, header finding.</summary>
internal static class PartBFiles
{
    /// <summary>The bytes of a file, or of the one entry of a zip that <paramref name="pick"/> chooses, with its name.</summary>
    public static (string Name, ReadOnlyMemory<byte> Content, string Origin) Read(Stream stream, string name, PartBScheduleLoadOptions options, Func<IReadOnlyList<string>, string?> pick, string what)
    {
        var reader = FeeScheduleFile.Reader(options.MaxFileBytes);
        if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            var files = reader.ReadZip(stream, name, static _ => true);
            var chosen = pick([.. files.Select(f => f.Name)]);
            var file = files.FirstOrDefault(f => f.Name == chosen)
                ?? FeeScheduleThrow.File<CmsArchiveFile>(name, $"no {what} file (.csv or .txt) in the archive; it holds {string.Join(", ", files.Select(f => f.Name))}");
            return ($"{name}!{file.FullName}", CmsFileReader.ToUtf8(file.Content), name);
        }

        return (name, CmsFileReader.ToUtf8(reader.ReadAll(stream, name)), name);
    }

    public static SourceFile Source(FeeScheduleFileKind kind, string name, ReadOnlySpan<byte> content)
        => new(kind, name, content.Length, Convert.ToHexStringLower(SHA256.HashData(content)));

    /// <summary>The index of a header's column (case-insensitive, spaces ignored), or -1.</summary>
    public static int Column(CsvReader r, ReadOnlySpan<byte> name)
    {
        for (int i = 0; i < r.FieldCount; i++)
        {
            if (SameName(CmsFields.Trim(r.GetSpan(i)), name))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool SameName(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        int i = 0, j = 0;
        while (true)
        {
            while (i < a.Length && a[i] is (byte)' ' or (byte)'_')
            {
                i++;
            }

            while (j < b.Length && b[j] is (byte)' ' or (byte)'_')
            {
                j++;
            }

            if (i == a.Length || j == b.Length)
            {
                return i == a.Length && j == b.Length;
            }

            if ((a[i] | 0x20) != (b[j] | 0x20))
            {
                return false;
            }

            i++;
            j++;
        }
    }

    /// <summary>A date written yyyyMMdd.</summary>
    public static DateOnly Date(ReadOnlySpan<byte> s, in FieldContext at)
    {
        s = CmsFields.Trim(s);
        int y = 0, m = 0, d = 0;
        if (s.Length != 8 || !CmsFields.TryDigits(s[..4], 4, out y) || !CmsFields.TryDigits(s[4..6], 2, out m) || !CmsFields.TryDigits(s[6..], 2, out d)
            || y < 1900 || m is < 1 or > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            FeeScheduleThrow.Field(at, s, "expected a date written yyyyMMdd");
        }

        return new DateOnly(y, m, d);
    }

    /// <summary>Dollars with at most two decimals (leading zeros allowed: 00010.56).</summary>
    public static decimal Dollars(ReadOnlySpan<byte> s, in FieldContext at)
    {
        if (!CmsFields.TryScaled(CmsFields.Trim(s), 2, out int cents))
        {
            FeeScheduleThrow.Field(at, s, "expected an amount in dollars with at most two decimals");
        }

        return new decimal(cents, 0, 0, false, 2);
    }

    /// <summary>The quarter named in a CMS file name ("CLFS 2025 Q2V1.csv", "PUF_CLFS_CY2026_Q2V1.csv", "clfs-cy2026-q2v1.zip"): 1 to 4, or 0.</summary>
    public static int QuarterInName(string name)
    {
        var file = Path.GetFileName(name.Replace('!', '/'));
        for (int i = 0; i + 1 < file.Length; i++)
        {
            if ((file[i] is 'Q' or 'q') && file[i + 1] is >= '1' and <= '4' && (i + 2 == file.Length || !char.IsDigit(file[i + 2])) && (i == 0 || !char.IsLetter(file[i - 1])))
            {
                return file[i + 1] - '0';
            }
        }

        return 0;
    }

    public static ImmutableArray<string> Notes(PartBScheduleLoadOptions options, params ReadOnlySpan<string> more)
        => [.. options.Notes, .. more];

    public static T Guard<T>(string file, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CsvFormatException ex)
        {
            FeeScheduleThrow.Line(file, ex.LineNumber, "the CSV is malformed: " + ex.Message, ex);
            throw;
        }
    }

    /// <summary>Opens a CSV (or CMS's tilde-delimited text) reader.</summary>
    public static CsvReader Open(ReadOnlyMemory<byte> content, char separator, bool includeValues, bool lineBreaksInQuotes = false)
        => CsvReader.Create(content, new CsvReaderOptions
        {
            HasHeader = false,
            Separator = separator,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            AllowLineBreaksInQuotes = lineBreaksInQuotes,
            MalformedData = CsvMalformedDataHandling.Throw,
            IncludeValuesInExceptions = includeValues,
            MaxRecordSize = 1 << 20,
        });
}
