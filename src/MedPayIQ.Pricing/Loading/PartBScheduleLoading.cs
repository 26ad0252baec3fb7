using System.Collections.Immutable;
using System.Security.Cryptography;
using CsvHelper;

namespace MedPayIQ.Pricing;

/// <summary>
/// How one kind of quarterly schedule file is loaded (CLFS, DMEPOS, DMEPOS ZIP codes, former CBA, ASP): the one place
/// of the loaders' path and stream overloads, which checks their arguments and options the same way for every kind.
/// </summary>
/// <typeparam name="T">The schedule the file gives.</typeparam>
/// <param name="what">The kind's name in messages ("CLFS").</param>
/// <param name="pick">Chooses the file to read among a zip's names, or <c>null</c>.</param>
/// <param name="parse">Reads the file.</param>
internal sealed class ScheduleFileFormat<T>(string what, Func<IReadOnlyList<string>, string?> pick, Func<PartBInput, FeeScheduleLoadOptions, T> parse)
    where T : QuarterlySchedule
{
    /// <summary>Loads a file, or CMS's zip holding it, from disk.</summary>
    public T Load(string path, FeeScheduleLoadOptions? options) => FeeScheduleFile.FromPath(path, (stream, name) => Load(stream, name, options));

    /// <summary>Loads a file, or a zip holding it, from a stream; <paramref name="name"/> tells a zip, a workbook and CMS's tilde-delimited text apart.</summary>
    public T Load(Stream stream, string name, FeeScheduleLoadOptions? options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= FeeScheduleLoadOptions.Default;
        if (options.ReleaseId is { } id)
        {
            throw new ArgumentException($"{nameof(FeeScheduleLoadOptions)}.{nameof(FeeScheduleLoadOptions.ReleaseId)} ({id}) names a physician fee schedule release; a {what} file's quarter comes from its name or contents, or from {nameof(FeeScheduleLoadOptions)}.{nameof(FeeScheduleLoadOptions.EffectiveFrom)}.", nameof(options));
        }

        return parse(PartBFiles.Read(stream, name, options, pick, what), options);
    }
}

/// <summary>A schedule file as its loader reads it: the text (a workbook's sheet rendered as CSV), its name, origin, and the bytes the provenance hashes.</summary>
/// <param name="File">The file's name (<c>archive.zip!entry</c> for a zip's entry).</param>
/// <param name="Content">The UTF-8 text the loader parses.</param>
/// <param name="Origin">Where it came from (the file or archive given).</param>
/// <param name="Sheet">The worksheet read, when the file is a workbook; otherwise <c>null</c>.</param>
/// <param name="Original">The file's own bytes (the workbook for a sheet).</param>
internal sealed record PartBInput(string File, ReadOnlyMemory<byte> Content, string Origin, string? Sheet, ReadOnlyMemory<byte> Original);

/// <summary>What the CLFS, DMEPOS and ASP loaders share: reading a path, a stream or a zip, hashing, header finding.</summary>
internal static class PartBFiles
{
    /// <summary>
    /// The bytes of a file, or of the one entry of a zip that <paramref name="pick"/> chooses, with its name. A workbook
    /// (.xlsx) is read as the CSV of its first sheet (<see cref="WorkbookSheet"/>); its provenance hashes the workbook.
    /// </summary>
    public static PartBInput Read(Stream stream, string name, FeeScheduleLoadOptions options, Func<IReadOnlyList<string>, string?> pick, string what)
    {
        var reader = FeeScheduleFile.Reader(options.MaxFileBytes);
        if (name.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
        {
            var files = reader.ReadZip(stream, name, static _ => true);
            var chosen = pick([.. files.Select(f => f.Name)]);
            var file = files.FirstOrDefault(f => f.Name == chosen)
                ?? FeeScheduleThrow.File<CmsArchiveFile>(name, $"no {what} file (.csv, .txt or .xlsx) in the archive; it holds {string.Join(", ", files.Select(f => f.Name))}");
            return Input($"{name}!{file.FullName}", file.Content, name, options);
        }

        return Input(name, reader.ReadAll(stream, name), name, options);
    }

    private static PartBInput Input(string file, ReadOnlyMemory<byte> bytes, string origin, FeeScheduleLoadOptions options)
    {
        if (!file.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase))
        {
            var text = CmsFileReader.ToUtf8(bytes);
            return new PartBInput(file, text, origin, null, text);
        }

        var (sheet, csv) = WorkbookSheet.ToCsv(bytes, file, options.MaxFileBytes, static (f, expected, inner) => new FeeScheduleFormatException(f, 0, 0, null, null, expected, inner));
        return new PartBInput(file, csv, origin, sheet, bytes);
    }

    /// <summary>The first file of a zip's names that <paramref name="wanted"/> accepts, by kind: a CSV, else CMS's text, else a workbook.</summary>
    public static string? PickByKind(IReadOnlyList<string> names, Func<string, bool> wanted)
        => names.FirstOrDefault(n => wanted(n) && n.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
        ?? names.FirstOrDefault(n => wanted(n) && n.EndsWith(".txt", StringComparison.OrdinalIgnoreCase))
        ?? names.FirstOrDefault(n => wanted(n) && n.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase));

    public static SourceFile Source(FeeScheduleFileKind kind, PartBInput input)
        => new(kind, input.File, input.Original.Length, Convert.ToHexStringLower(SHA256.HashData(input.Original.Span)));

    /// <summary>The provenance note of a workbook: which sheet was read, and how numbers were taken.</summary>
    public static string[] WorkbookNotes(PartBInput input)
        => input.Sheet is { } sheet ? [$"Read from the workbook's sheet '{sheet}'; numbers as Excel shows them (15 significant digits)."] : [];

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

    public static ImmutableArray<string> Notes(FeeScheduleLoadOptions options, params ReadOnlySpan<string> more)
        => [.. options.Notes, .. more];

    public static T Guard<T>(PartBInput input, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (CsvFormatException ex)
        {
            if (input.Sheet is { } sheet)
            {
                throw new FeeScheduleFormatException(input.File, sheet, ex.LineNumber, 0, null, null, "the sheet is malformed: " + ex.Message, ex);
            }

            FeeScheduleThrow.Line(input.File, ex.LineNumber, "the CSV is malformed: " + ex.Message, ex);
            throw;
        }
        catch (FeeScheduleFormatException ex) when (input.Sheet is { } sheet && ex.Sheet is null && ex.FileName == input.File)
        {
            // Line N of the sheet's text is row N of the sheet, field N column N: said in the workbook's words.
            throw new FeeScheduleFormatException(input.File, sheet, ex.LineNumber, ex.Column, ex.ColumnName, ex.Value, ex.Expected.Replace(" on line ", " on row ", StringComparison.Ordinal), ex.InnerException);
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
