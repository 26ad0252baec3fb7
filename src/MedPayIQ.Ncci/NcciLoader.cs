using System.Collections.Immutable;
using System.Globalization;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CsvHelper;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci;

/// <summary>
/// How to load an NCCI file. Each value is checked when it is set (an invalid one throws there, not deep in a load), as
/// <see cref="FeeScheduleLoadOptions"/>' are.
/// </summary>
public sealed record NcciLoadOptions
{
    /// <summary>The table, when the file name does not say (CMS's names do: <c>ccipra-</c>, <c>ccioph-</c>, <c>MCR_MUE_…</c>, <c>AOC_…</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a defined table kind.</exception>
    public NcciTableKind? Kind
    {
        get;
        init
        {
            if (value is { } k && !Enum.IsDefined(k))
            {
                throw new ArgumentOutOfRangeException(nameof(value), k, "Not an NCCI table kind.");
            }

            field = value;
        }
    }

    /// <summary>The first date of service of the version, when the file name does not say.</summary>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>Whether exceptions quote the offending text (default <c>true</c>).</summary>
    public bool IncludeValuesInExceptions { get; init; } = true;

    /// <summary>The largest file accepted, bytes (default 256 MiB). The files of one zip archive count together against it.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not positive.</exception>
    public long MaxFileBytes
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(value);
            field = value;
        }
    } = 256L << 20;
}

/// <summary>
/// Loads CMS's NCCI edit files exactly as CMS publishes them: PTP text files (tab-separated, CRLF, six header lines,
/// parts f1..f4) and their zip archives, MUE CSV files (a quoted multi-line AMA notice, then the header), add-on code
/// edit CSV files (Julian dates). The version and its first date of service come from CMS's file names.
/// </summary>
public static partial class NcciLoader
{
    /// <summary>Loads a file, or every NCCI file of a zip archive or a folder, with the default options.</summary>
    /// <exception cref="NcciFormatException">A file is malformed, or its kind or version cannot be told.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ImmutableArray<NcciTable> Load(string path) => Load(path, new NcciLoadOptions());

    /// <summary>Loads a file, or every NCCI file of a zip archive or a folder.</summary>
    /// <exception cref="NcciFormatException">A file is malformed, or its kind or version cannot be told.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ImmutableArray<NcciTable> Load(string path, NcciLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(options);
        if (Directory.Exists(path))
        {
            return Load([path], options);
        }

        using var stream = File.OpenRead(path);
        var start = Start(stream);
        if (start == FileStart.Snapshot)
        {
            return NcciSnapshot.Read(stream, Path.GetFileName(path));
        }

        if (start == FileStart.Zip)
        {
            return Load(stream, Path.GetFileName(path), options);
        }

        stream.Dispose();
        return Load([path], options); // a PTP text file is streamed, not read whole
    }

    /// <summary>
    /// Loads files, zips, snapshots and folders (their NCCI files, zips and <c>.ncci</c> snapshots) together: the parts
    /// of one PTP version become one table, and a CMS file that a snapshot given with it was compiled from is checked
    /// against the snapshot's recorded SHA-256 (the same: the snapshot serves; different: the snapshot is stale).
    /// </summary>
    /// <exception cref="NcciFormatException">A file is malformed, a snapshot corrupt, or a snapshot stale beside the files given.</exception>
    /// <exception cref="IOException">A file cannot be read.</exception>
    public static ImmutableArray<NcciTable> Load(IEnumerable<string> paths, NcciLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(options);
        var all = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                all.AddRange(Directory.EnumerateFiles(path).Where(f => IsNcciName(Path.GetFileName(f)) || f.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                all.Add(path);
            }
        }

        var tables = new List<NcciTable>();
        var others = new List<string>();
        var zips = new List<string>();
        var recorded = new Dictionary<string, (string Sha256, string Snapshot)>(StringComparer.OrdinalIgnoreCase);
        foreach (var f in all)
        {
            using var stream = File.OpenRead(f);
            var start = Start(stream);
            if (start == FileStart.Zip || f.EndsWith(".zip", StringComparison.OrdinalIgnoreCase))
            {
                zips.Add(f);
                continue;
            }

            if (start != FileStart.Snapshot)
            {
                others.Add(f);
                continue;
            }

            foreach (var t in NcciSnapshot.Read(stream, Path.GetFileName(f)))
            {
                tables.Add(t);
                var hashes = t.Source.Sha256.Split(' ');
                for (int i = 0; i < t.Source.FileNames.Length && i < hashes.Length; i++)
                {
                    recorded[t.Source.FileNames[i]] = (hashes[i], Path.GetFileName(f));
                }
            }
        }

        foreach (var f in zips)
        {
            using var stream = File.OpenRead(f);
            tables.AddRange(Load(stream, Path.GetFileName(f), options));
        }

        var files = new List<NcciFile>();
        foreach (var f in others)
        {
            string name = Path.GetFileName(f);
            if (recorded.TryGetValue(name, out var compiled))
            {
                byte[] bytes;
                using (var s = File.OpenRead(f))
                {
                    bytes = ReadAll(s, name, options.MaxFileBytes);
                }

                string sha = Sha256(bytes);
                if (sha != compiled.Sha256)
                {
                    NcciThrow.File(compiled.Snapshot, $"is stale: it was compiled from {name} with SHA-256 {compiled.Sha256}, and the {name} given beside it has {sha}; compile the snapshot again from the new files (medpayiq ncci compile)");
                }

                continue; // the snapshot holds this file's edits
            }

            files.Add(NcciFile.OnDisk(f)); // read when its table is made (a PTP part streamed)
        }

        return [.. tables, .. LoadFiles(files, options)];
    }

    private enum FileStart
    {
        Other,
        Snapshot,
        Zip,
    }

    /// <summary>What a file's first bytes say it is; the stream is left at its start.</summary>
    private static FileStart Start(FileStream stream)
    {
        Span<byte> start = stackalloc byte[8];
        int got = stream.ReadAtLeast(start, 8, throwOnEndOfStream: false);
        stream.Position = 0;
        return got == 8 && NcciSnapshot.IsSnapshot(start) ? FileStart.Snapshot
            : got >= 4 && start[0] == (byte)'P' && start[1] == (byte)'K' ? FileStart.Zip
            : FileStart.Other;
    }

    /// <summary>Loads one file (or a zip archive of files) from a stream, with the default options; <paramref name="fileName"/> is CMS's name for it.</summary>
    public static ImmutableArray<NcciTable> Load(Stream stream, string fileName) => Load(stream, fileName, new NcciLoadOptions());

    /// <summary>Loads one file (or a zip archive of files) from a stream; <paramref name="fileName"/> is CMS's name for it.</summary>
    public static ImmutableArray<NcciTable> Load(Stream stream, string fileName, NcciLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(options);
        var bytes = ReadAll(stream, fileName, options.MaxFileBytes);
        if (NcciSnapshot.IsSnapshot(bytes))
        {
            return NcciSnapshot.Read(new MemoryStream(bytes, writable: false), fileName);
        }

        if (bytes.Length >= 4 && bytes[0] == (byte)'P' && bytes[1] == (byte)'K')
        {
            return LoadZip(bytes, fileName, options);
        }

        return LoadFiles([new NcciFile(fileName, bytes, null, null)], options);
    }

    /// <summary>
    /// Tables of files read: each MUE and add-on file one table; the parts (f1..f4) of one PTP version one table,
    /// every part read on every core, in file order of the first part.
    /// </summary>
    private static ImmutableArray<NcciTable> LoadFiles(List<NcciFile> files, NcciLoadOptions options)
    {
        var tables = new List<NcciTable?>();
        var groups = new Dictionary<(NcciTableKind, string, DateOnly), (int At, List<NcciFile> Parts)>();
        foreach (var file in files)
        {
            string name = file.Name;
            var (kind, version, effective) = Identify(name, options);
            if (kind is NcciTableKind.PtpPractitioner or NcciTableKind.PtpHospital)
            {
                if (!groups.TryGetValue((kind, version, effective), out var group))
                {
                    groups[(kind, version, effective)] = group = (tables.Count, []);
                    tables.Add(null);
                }

                group.Parts.Add(file);
            }
            else
            {
                tables.Add(LoadFile(file.Bytes ?? file.ReadAll(options.MaxFileBytes), name, options));
            }
        }

        foreach (var ((kind, version, effective), (at, parts)) in groups)
        {
            tables[at] = LoadPtp(parts, kind, version, effective, options);
        }

        return [.. tables.Select(t => t!)];
    }

    /// <summary>
    /// The parts of one PTP version, one table: a part in memory is read in slices on every core while it is hashed;
    /// a part on disk or in a zip archive is streamed (<see cref="NcciReaders.PtpStream"/>), never read whole.
    /// </summary>
    private static PtpTable LoadPtp(List<NcciFile> parts, NcciTableKind kind, string version, DateOnly effective, NcciLoadOptions options)
    {
        foreach (var part in parts)
        {
            if (part.Bytes is { Length: 0 })
            {
                NcciThrow.File(part.Name, "is empty");
            }
        }

        var chunks = new List<PtpChunk>();
        var hashes = new List<Task<string>>();
        long length = 0;
        foreach (var part in parts)
        {
            if (part.Bytes is { } bytes)
            {
                hashes.Add(bytes.Length >= NcciReaders.SliceBytes ? Task.Run(() => Sha256(bytes)) : Task.FromResult(Sha256(bytes)));
                chunks.AddRange(NcciReaders.Ptp(bytes, part.Name, options.IncludeValuesInExceptions));
                length += bytes.Length;
                continue;
            }

            if (part.Budget is { } archive) // checked before it is inflated, as the archive's other files were
            {
                Reader(options.MaxFileBytes).EnsureEntryWithinLimit($"{archive.Archive}!{part.Name}", part.Claimed, archive.Left);
            }

            var reader = Reader(Math.Max(1, part.Budget?.Left ?? options.MaxFileBytes)); // the inflating stream stops there whatever the header says
            try
            {
                using var stream = part.Open!();
                if (stream.CanSeek)
                {
                    reader.EnsureWithinLimit(part.Name, stream.Length);
                }

                var (read, sha, bytesRead) = NcciReaders.PtpStream(stream, part.Name, options.IncludeValuesInExceptions, reader);
                chunks.AddRange(read);
                hashes.Add(sha); // its last blocks may still be hashed while the table is built
                length += bytesRead;
                if (part.Budget is { } budget)
                {
                    budget.Left -= bytesRead;
                }
            }
            catch (InvalidDataException ex) // a damaged archive entry (its deflate data or CRC)
            {
                NcciThrow.File(part.Budget?.Archive ?? part.Name, $"the file is not a readable zip archive: {part.Name}: {ex.Message}", ex);
            }
        }

        var names = parts.Select(p => p.Name).ToArray();
        var data = PtpTableBuilder.Build(chunks, string.Join(", ", names));
        var source = new NcciTableSource(kind, [.. names], version, effective, length,
            string.Join(' ', hashes.Select(h => h.GetAwaiter().GetResult())));
        return new PtpTable(source, data);
    }

    /// <summary>What an archive's files may still expand to (they count together against <see cref="NcciLoadOptions.MaxFileBytes"/>).</summary>
    private sealed class ArchiveBudget(string archive, long left)
    {
        public string Archive { get; } = archive;

        public long Left { get; set; } = left;
    }

    /// <summary>A file to load: its bytes, or how to open it (a file on disk, an archive's entry: streamed).</summary>
    /// <param name="Name">CMS's name for it.</param>
    /// <param name="Bytes">Its bytes, when in memory.</param>
    /// <param name="Open">Opens it, when not in memory.</param>
    /// <param name="Budget">The archive it is in, and what the archive's files may still expand to.</param>
    /// <param name="Claimed">The length the archive records for it.</param>
    private sealed record NcciFile(string Name, byte[]? Bytes, Func<Stream>? Open, ArchiveBudget? Budget, long Claimed = 0)
    {
        public static NcciFile OnDisk(string path)
            => new(Path.GetFileName(path), null, () => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan), null);

        /// <summary>The whole file (MUE and add-on files are small).</summary>
        public byte[] ReadAll(long max)
        {
            using var s = Open!();
            return NcciLoader.ReadAll(s, Name, max);
        }
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// The tables of a zip archive: its MUE and add-on files read whole (they are small), its PTP parts streamed from
    /// the archive as their table is made; together they may expand to at most <see cref="NcciLoadOptions.MaxFileBytes"/>.
    /// </summary>
    private static ImmutableArray<NcciTable> LoadZip(byte[] bytes, string fileName, NcciLoadOptions options)
    {
        var small = Reader(options.MaxFileBytes).ReadZip(new MemoryStream(bytes, writable: false), fileName, n => IsNcciName(n) && !IsPtpName(n));
        var budget = new ArchiveBudget(fileName, options.MaxFileBytes - small.Sum(f => (long)f.Content.Length));
        using var archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read); // ReadZip read it: readable
        var files = small.Select(f => (f.FullName, File: new NcciFile(f.Name, ArrayOf(f.Content), null, null)))
            .Concat(archive.Entries.Where(e => !e.FullName.EndsWith('/') && IsPtpName(e.Name))
                .Select(e => (e.FullName, File: new NcciFile(e.Name, null, e.Open, budget, e.Length))))
            .OrderBy(f => f.FullName, StringComparer.Ordinal)
            .Select(f => f.File)
            .ToList();
        var tables = LoadFiles(files, options);
        if (tables.Length == 0)
        {
            NcciThrow.File(fileName, "the archive holds no NCCI file (ccipra-/ccioph- PTP text, MCR_MUE_ CSV, AOC_ CSV)");
        }

        return tables;
    }

    private static bool IsPtpName(string name)
        => (name.StartsWith("ccipra", StringComparison.OrdinalIgnoreCase) || name.StartsWith("ccioph", StringComparison.OrdinalIgnoreCase))
           && name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);

    private static bool IsNcciName(string name)
        => (name.StartsWith("ccipra", StringComparison.OrdinalIgnoreCase) || name.StartsWith("ccioph", StringComparison.OrdinalIgnoreCase)
            || name.Contains("MUE", StringComparison.OrdinalIgnoreCase) || name.StartsWith("AOC", StringComparison.OrdinalIgnoreCase))
           && (name.EndsWith(".txt", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
           || name.EndsWith(NcciSnapshot.Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>The library's bounded reader (<see cref="CmsFileReader"/>), raising <see cref="NcciFormatException"/>.</summary>
    private static CmsFileReader Reader(long maxBytes)
        => new(maxBytes, "NcciLoadOptions.MaxFileBytes", static (file, problem, inner) => new NcciFormatException(file, 0, 0, null, null, problem, inner));

    private static byte[] ReadAll(Stream stream, string fileName, long max) => Reader(max).ReadAll(stream, fileName);

    /// <summary>The array behind bytes the reader read (it reads each file into an array of its own).</summary>
    private static byte[] ArrayOf(ReadOnlyMemory<byte> content)
        => System.Runtime.InteropServices.MemoryMarshal.TryGetArray(content, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : content.ToArray();

    internal static NcciTable LoadFile(byte[] bytes, string fileName, NcciLoadOptions options)
    {
        var (kind, version, effective) = Identify(fileName, options);
        if (kind is NcciTableKind.PtpPractitioner or NcciTableKind.PtpHospital)
        {
            return LoadPtp([new NcciFile(fileName, bytes, null, null)], kind, version, effective, options);
        }

        var source = new NcciTableSource(kind, [fileName], version, effective, bytes.Length, Sha256(bytes));
        if (bytes.Length == 0)
        {
            NcciThrow.File(fileName, "is empty");
        }

        return kind switch
        {
            NcciTableKind.AddOn => new AddOnTable(source, NcciReaders.AddOns(bytes, fileName, options.IncludeValuesInExceptions)),
            _ => new MueTable(source, NcciReaders.Mue(bytes, fileName, kind, options.IncludeValuesInExceptions)),
        };
    }

    /// <summary>The table, version and first date of service from CMS's file name (or the options).</summary>
    internal static (NcciTableKind Kind, string Version, DateOnly EffectiveFrom) Identify(string fileName, NcciLoadOptions options)
    {
        NcciTableKind? kind = options.Kind;
        string? version = null;
        DateOnly? effective = options.EffectiveFrom;
        if (PtpName().Match(fileName) is { Success: true } ptp)
        {
            kind ??= ptp.Groups[1].Value.Equals("pra", StringComparison.OrdinalIgnoreCase) ? NcciTableKind.PtpPractitioner : NcciTableKind.PtpHospital;
            int major = int.Parse(ptp.Groups[2].Value, CultureInfo.InvariantCulture), minor = int.Parse(ptp.Groups[3].Value, CultureInfo.InvariantCulture);
            version = $"{major}.{minor}r{ptp.Groups[4].Value}";
            if (minor is >= 0 and <= 3)
            {
                effective ??= new DateOnly(1994 + major, (minor * 3) + 1, 1); // 32.2 = July 2026 (NCCI version numbering: the quarter in the minor number)
            }
        }
        else if (MueName().Match(fileName) is { Success: true } mue)
        {
            string setting = mue.Groups[1].Value;
            kind ??= setting.StartsWith("Practitioner", StringComparison.OrdinalIgnoreCase) ? NcciTableKind.MuePractitioner
                : setting.StartsWith("DME", StringComparison.OrdinalIgnoreCase) ? NcciTableKind.MueDme
                : NcciTableKind.MueHospital;
            if (!DateOnly.TryParseExact($"{mue.Groups[4].Value}-{mue.Groups[2].Value}-{mue.Groups[3].Value}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                NcciThrow.File(fileName, $"the date in the file name ({mue.Groups[2].Value}-{mue.Groups[3].Value}-{mue.Groups[4].Value}) is not a date written MM-DD-YYYY");
            }

            effective ??= date;
            version = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }
        else if (AocName().Match(fileName) is { Success: true } aoc)
        {
            kind ??= NcciTableKind.AddOn;
            int year = int.Parse(aoc.Groups[1].Value, CultureInfo.InvariantCulture), quarter = aoc.Groups[2].Value[0] - '0';
            if (year is < 1990 or > 2999)
            {
                NcciThrow.File(fileName, $"the year in the file name ({year}) is not a year of NCCI edits");
            }

            version = $"{year}Q{quarter}";
            effective ??= new DateOnly(year, ((quarter - 1) * 3) + 1, 1);
        }

        if (kind is null || effective is null)
        {
            NcciThrow.File(fileName, "cannot tell the table or its first date of service from the file name (CMS names them ccipra-v322r0-f1.txt, MCR_MUE_PractitionerServices_Eff_07-01-2026.csv, AOC_V2026Q2-MCR.csv); give NcciLoadOptions.Kind and EffectiveFrom");
        }

        return (kind.Value, version ?? effective.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), effective.Value);
    }

    [GeneratedRegex(@"^ccio?(pra|ph)-v(\d\d)(\d)r(\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex PtpName();

    [GeneratedRegex(@"MUE_?(PractitionerServices|Practitioner|OutpatientHospitalServices|OutpatientHospital|Outpatient|DMESupplierServices|DME\w*?)_Eff_(\d\d)-(\d\d)-(\d{4})", RegexOptions.IgnoreCase)]
    private static partial Regex MueName();

    [GeneratedRegex(@"^AOC_V(\d{4})Q([1-4])", RegexOptions.IgnoreCase)]
    private static partial Regex AocName();
}
