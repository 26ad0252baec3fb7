using System.Collections.Immutable;
using System.Security.Cryptography;

namespace MedPayIQ.Pricing;

/// <summary>
/// Settings for loading a fee schedule: a physician fee schedule release (<see cref="FeeScheduleLoader"/>) or a
/// quarter's CLFS, DMEPOS or ASP file (<see cref="ClinicalLabLoader"/>, <see cref="DmeposLoader"/>,
/// <see cref="DrugPaymentLimitLoader"/>). Each value is checked when it is set (an invalid one throws there, not deep
/// in a load), as <c>NcciLoadOptions</c>' are.
/// </summary>
public sealed record FeeScheduleLoadOptions
{
    /// <summary>
    /// The physician fee schedule release identifier (RVU25D...). When unset it is read from the folder or archive name,
    /// else from the RVU file's title or name. The CLFS, DMEPOS and ASP loaders refuse it (<see cref="ArgumentException"/>):
    /// a quarter's file is named by its quarter (<see cref="EffectiveFrom"/>).
    /// </summary>
    public ReleaseId? ReleaseId { get; init; }

    /// <summary>
    /// The first date of service the release or file applies to. When unset: for a release, the first day of its
    /// quarter; for a CLFS, DMEPOS or ASP file, its quarter as its name or contents tell it (each loader says how).
    /// </summary>
    public DateOnly? EffectiveFrom { get; init; }

    /// <summary>Whether exception messages may quote the offending text (default <c>true</c>). Set <c>false</c> to keep values out of logs.</summary>
    public bool IncludeValuesInExceptions { get; init; } = true;

    /// <summary>
    /// The largest file accepted, in bytes (default 64 MiB; the largest CMS RVU file is under 4 MiB). The files read
    /// from one zip archive count together against it, so that an archive of many large entries cannot fill memory.
    /// </summary>
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

    /// <summary>Notes to add to the release's provenance (for example, which file stands in for a missing one).</summary>
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

    internal static FeeScheduleLoadOptions Default { get; } = new();
}

/// <summary>One named file of a release, held in memory.</summary>
public sealed class FeeScheduleFile
{
    private FeeScheduleFile(FeeScheduleFileKind kind, string name, ReadOnlyMemory<byte> content)
    {
        Kind = kind;
        Name = name;
        Content = content;
    }

    /// <summary>What the file holds.</summary>
    public FeeScheduleFileKind Kind { get; }

    /// <summary>File name.</summary>
    public string Name { get; }

    /// <summary>The file's bytes.</summary>
    public ReadOnlyMemory<byte> Content { get; }

    /// <summary>Wraps bytes already in memory.</summary>
    public static FeeScheduleFile FromBytes(FeeScheduleFileKind kind, string name, ReadOnlyMemory<byte> content)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new FeeScheduleFile(kind, name, content);
    }

    /// <summary>Reads a stream to its end (at most <paramref name="maxBytes"/>).</summary>
    public static FeeScheduleFile FromStream(FeeScheduleFileKind kind, string name, Stream content, long maxBytes = 64L * 1024 * 1024)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new FeeScheduleFile(kind, name, Reader(maxBytes).ReadAll(content, name));
    }

    /// <summary>
    /// The kind of a CMS file from its name (PPRRVU*.csv, PPRRVU*.txt, GPCI*.csv, *LOCCO*.csv, ANES*.csv, OPPSCAP*.csv,
    /// ZIP5*.txt), or <c>null</c> for files a release does not use (readmes, layouts, spreadsheets).
    /// </summary>
    public static FeeScheduleFileKind? DetectKind(string fileName)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        var name = Path.GetFileName(fileName).ToUpperInvariant();
        bool csv = name.EndsWith(".CSV", StringComparison.Ordinal), txt = name.EndsWith(".TXT", StringComparison.Ordinal);
        if (name.StartsWith("PPRRVU", StringComparison.Ordinal))
        {
            return csv ? FeeScheduleFileKind.RvuCsv : txt ? FeeScheduleFileKind.RvuFixedWidth : null;
        }

        if (!csv && !txt)
        {
            return null;
        }

        if (csv && name.StartsWith("GPCI", StringComparison.Ordinal)) return FeeScheduleFileKind.Gpci;
        if (csv && name.Contains("LOCCO", StringComparison.Ordinal)) return FeeScheduleFileKind.LocalityCounties;
        if (csv && name.StartsWith("ANES", StringComparison.Ordinal)) return FeeScheduleFileKind.Anesthesia;
        if (csv && name.StartsWith("OPPSCAP", StringComparison.Ordinal)) return FeeScheduleFileKind.OppsCap;
        if (txt && name.StartsWith("ZIP5", StringComparison.Ordinal) && !name.Contains("LYOUT", StringComparison.Ordinal) && !name.Contains("LAYOUT", StringComparison.Ordinal))
        {
            return FeeScheduleFileKind.Zip5;
        }

        return null;
    }

    /// <summary>Opens a file and loads it with its name (every fee schedule loader's path overloads).</summary>
    /// <param name="path">The file.</param>
    /// <param name="load">Loads the stream, given the file's name.</param>
    /// <param name="paramName">The caller's name for <paramref name="path"/>, for an empty one.</param>
    internal static T FromPath<T>(string path, Func<Stream, string, T> load, [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(path))] string? paramName = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path, paramName);
        using var stream = File.OpenRead(path);
        return load(stream, Path.GetFileName(path));
    }

    /// <summary>The library's bounded reader, raising <see cref="FeeScheduleFormatException"/>.</summary>
    internal static CmsFileReader Reader(long maxBytes)
        => new(maxBytes, "FeeScheduleLoadOptions.MaxFileBytes", static (file, problem, inner) => new FeeScheduleFormatException(file, 0, 0, null, null, problem, inner));
}

/// <summary>
/// Loads a CMS Physician Fee Schedule release from the files CMS publishes: a folder, the RVUxxX zip as downloaded,
/// or files in memory. The result is validated and immutable. Malformed files raise <see cref="FeeScheduleFormatException"/>.
/// </summary>
public static partial class FeeScheduleLoader
{
    /// <summary>Loads the release in a folder (the RVUxxX zip extracted). Files are recognized by name; see <see cref="FeeScheduleFile.DetectKind"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FeeScheduleFormatException">A file is malformed, or the folder has no PPRRVU file.</exception>
    public static FeeScheduleRelease LoadDirectory(string directory, FeeScheduleLoadOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"The fee schedule folder '{directory}' does not exist.");
        }

        var paths = Directory.EnumerateFiles(directory).Where(p => FeeScheduleFile.DetectKind(p) is not null).Order(StringComparer.Ordinal);
        return LoadPaths(paths, Path.GetFullPath(directory), Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)), options ?? FeeScheduleLoadOptions.Default);
    }

    /// <summary>
    /// Loads a release from the files named (one PPRRVU file, and any of GPCI, LOCCO, ANES, OPPSCAP and ZIP5),
    /// recognized by name as <see cref="FeeScheduleFile.DetectKind"/> says.
    /// </summary>
    /// <exception cref="ArgumentException">A file's name is not that of a CMS fee schedule file.</exception>
    /// <exception cref="FeeScheduleFormatException">A file is malformed.</exception>
    public static FeeScheduleRelease LoadFiles(IEnumerable<string> paths, FeeScheduleLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = paths.ToList();
        foreach (var p in list)
        {
            if (FeeScheduleFile.DetectKind(p) is null)
            {
                throw new ArgumentException($"'{Path.GetFileName(p)}' is not named as a CMS fee schedule file (PPRRVU*.csv, GPCI*.csv, ...).", nameof(paths));
            }
        }

        string origin = list.Count == 0 ? "no files" : Path.GetDirectoryName(Path.GetFullPath(list[0])) ?? list[0];
        return LoadPaths(list, origin, null, options ?? FeeScheduleLoadOptions.Default);
    }

    private static FeeScheduleRelease LoadPaths(IEnumerable<string> paths, string origin, string? containerName, FeeScheduleLoadOptions options)
    {
        // The files are read into buffers (pooled when small: LoadBuffer) that go back once the release is built.
        var rented = new List<byte[]>();
        var reader = FeeScheduleFile.Reader(options.MaxFileBytes);
        try
        {
            var files = new List<FeeScheduleFile>();
            foreach (var path in paths)
            {
                using var s = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 1, FileOptions.SequentialScan);
                reader.EnsureWithinLimit(Path.GetFileName(path), s.Length);
                var buffer = LoadBuffer.Rent<byte>((int)s.Length);
                rented.Add(buffer);
                int length = (int)s.Length;
                s.ReadExactly(buffer, 0, length);
                files.Add(FeeScheduleFile.FromBytes(FeeScheduleFile.DetectKind(path)!.Value, Path.GetFileName(path), buffer.AsMemory(0, length)));
            }

            return Load(files, origin, containerName, options);
        }
        finally
        {
            foreach (var b in rented)
            {
                LoadBuffer.Return(b);
            }
        }
    }

    /// <summary>Loads the release in a zip archive, such as RVU25D.zip as CMS publishes it (nested folders are searched).</summary>
    public static FeeScheduleRelease LoadZipFile(string zipPath, FeeScheduleLoadOptions? options = null)
        => FeeScheduleFile.FromPath(zipPath, (zip, name) => LoadZip(zip, name, options));

    /// <summary>Loads the release in a zip archive read from a stream.</summary>
    /// <param name="zip">The archive.</param>
    /// <param name="name">The archive's name (RVU25D.zip), used for the release id and in messages.</param>
    /// <param name="options">Settings.</param>
    /// <exception cref="FeeScheduleFormatException">The archive is not a zip, a file in it is malformed or expands past <see cref="FeeScheduleLoadOptions.MaxFileBytes"/>.</exception>
    public static FeeScheduleRelease LoadZip(Stream zip, string name, FeeScheduleLoadOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(zip);
        ArgumentException.ThrowIfNullOrEmpty(name);
        options ??= FeeScheduleLoadOptions.Default;
        var files = FeeScheduleFile.Reader(options.MaxFileBytes)
            .ReadZip(zip, name, static entry => FeeScheduleFile.DetectKind(entry) is not null)
            .Select(f => FeeScheduleFile.FromBytes(FeeScheduleFile.DetectKind(f.Name)!.Value, f.Name, f.Content))
            .ToList();
        return Load(files, name, Path.GetFileNameWithoutExtension(name), options);
    }

    /// <summary>Loads a release from files in memory (one RVU file, and any of GPCI, LOCCO, ANES, OPPSCAP and ZIP5).</summary>
    /// <param name="files">The files.</param>
    /// <param name="options">Settings.</param>
    /// <param name="origin">Where the files came from, for the provenance (default "files in memory").</param>
    /// <exception cref="FeeScheduleFormatException">A file is malformed, or there is no PPRRVU file.</exception>
    public static FeeScheduleRelease Load(IEnumerable<FeeScheduleFile> files, FeeScheduleLoadOptions? options = null, string? origin = null)
    {
        ArgumentNullException.ThrowIfNull(files);
        return Load([.. files], origin ?? "files in memory", null, options ?? FeeScheduleLoadOptions.Default);
    }

    private static FeeScheduleRelease Load(List<FeeScheduleFile> files, string origin, string? containerName, FeeScheduleLoadOptions options)
    {
        var notes = new List<string>(options.Notes);
        bool values = options.IncludeValuesInExceptions;
        var (rvuFile, qualifyingFile) = PickRvuFile(files, notes, origin);
        var gpciFile = PickOne(files, FeeScheduleFileKind.Gpci, notes);
        var loccoFile = PickOne(files, FeeScheduleFileKind.LocalityCounties, notes);
        var anesFile = PickOne(files, FeeScheduleFileKind.Anesthesia, notes);
        var oppsFile = PickOne(files, FeeScheduleFileKind.OppsCap, notes);
        var zipFile = PickOne(files, FeeScheduleFileKind.Zip5, notes);
        FeeScheduleFile?[] chosen = [rvuFile, gpciFile, loccoFile, anesFile, oppsFile, zipFile];

        // Hash the files on the thread pool while this thread parses: provenance costs no wall time.
        var hashes = chosen.Select(f => f is null ? null : Task.Run(() => Convert.ToHexStringLower(SHA256.HashData(f.Content.Span)))).ToArray();
        try
        {
            var (rvus, facts, cf) = ReadRvus(rvuFile, values);
            var id = ResolveId(options.ReleaseId, containerName, rvuFile.Name, facts);

            var gpci = gpciFile is null ? null : LocalityReaders.ReadGpci(gpciFile.Name, CmsFileReader.ToUtf8(gpciFile.Content), values);
            var locco = loccoFile is null ? null : LocalityReaders.ReadLocco(loccoFile.Name, CmsFileReader.ToUtf8(loccoFile.Content), values);
            var anes = anesFile is null ? null : LocalityReaders.ReadAnesthesia(anesFile.Name, CmsFileReader.ToUtf8(anesFile.Content), values);
            var opps = oppsFile is null ? null : LocalityReaders.ReadOppsCap(oppsFile.Name, CmsFileReader.ToUtf8(oppsFile.Content), values);
            var zips = zipFile is null ? null : LocalityReaders.ReadZip5(zipFile.Name, CmsFileReader.ToUtf8(zipFile.Content), values);
            if (gpci is not null && gpci.Year != 0 && gpci.Year != id.Year)
            {
                notes.Add($"The GPCI file is for {gpci.Year}, the release for {id.Year}.");
            }

            var integrity = new List<string>();
            var sources = chosen.Zip(hashes).Where(x => x.First is not null)
                .Select(x => new SourceFile(x.First!.Kind, x.First.Name, x.First.Content.Length, x.Second!.GetAwaiter().GetResult())).ToArray();
            foreach (var f in chosen)
            {
                // A fixed-width record cut short is refused by its length; a CSV cut inside its last value still parses.
                if (f is { Kind: not (FeeScheduleFileKind.RvuFixedWidth or FeeScheduleFileKind.Zip5) } && !CmsCsv.EndsWithLineBreak(f.Content.Span))
                {
                    integrity.Add($"{f.Name} does not end with a line break, as CMS's files do: if it was downloaded, check that it is whole (a download cut inside the last row's last value leaves a shorter number).");
                }
            }

            notes.AddRange(integrity);
            bool qp = rvuFile.Name.Contains("_QPP", StringComparison.OrdinalIgnoreCase);
            var effectiveFrom = options.EffectiveFrom ?? id.QuarterStart;
            FeeScheduleRelease? variant = null;
            int qpRows = 0;
            if (qualifyingFile is not null)
            {
                // CMS's second schedule (2026 on): the QPP file's rows, and the non-qualifying file's rows of the
                // statuses the QPP file leaves out (it lists only payable ones), with the QP anesthesia factors.
                var (qpRvus, qpFacts, qpCf) = ReadRvus(qualifyingFile, values);
                qpRows = qpRvus.Count;
                var qpSha = Convert.ToHexStringLower(SHA256.HashData(qualifyingFile.Content.Span));
                var qpSources = sources.Where(f => f.Kind is not (FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth))
                    .Prepend(new SourceFile(qualifyingFile.Kind, qualifyingFile.Name, qualifyingFile.Content.Length, qpSha)).ToArray();
                string[] qpNotes =
                [
                    .. options.Notes,
                    $"The qualifying APM participant schedule: {qualifyingFile.Name} ({qpRvus.Count:N0} rows, CF {qpCf}); the rows of statuses it leaves out are {rvuFile.Name}'s.",
                    .. anes is { HasQualifyingFactors: false } ? [$"{anesFile!.Name} has one conversion factor per locality: anesthesia is priced with it for qualifying APM participants too."] : Array.Empty<string>(),
                ];
                variant = new FeeScheduleRelease(id, effectiveFrom, qpCf, true, RvuTable.Merge(qpRvus, rvus), gpci, locco, zips, anes, opps,
                    new ReleaseProvenance(origin, qpFacts.Title ?? facts.Title, qpFacts.ReleasedOn ?? facts.ReleasedOn, [.. qpSources], [.. qpNotes]));
                notes.Add($"{qualifyingFile.Name} is loaded as the release's qualifying APM participant schedule (QualifyingVariant).");
            }

            var provenance = new ReleaseProvenance(origin, facts.Title, facts.ReleasedOn, [.. sources], [.. notes]);
            return new FeeScheduleRelease(id, effectiveFrom, cf, qp, rvus, gpci, locco, zips, anes, opps, provenance) { QualifyingVariant = variant, QualifyingFileRows = qpRows, IntegrityNotes = [.. integrity] };
        }
        finally
        {
            // The files' bytes may go back to a pool after this returns: no hash may still be reading them.
            foreach (var h in hashes)
            {
                ((IAsyncResult?)h)?.AsyncWaitHandle.WaitOne();
            }
        }
    }

    private static (RvuTable Rvus, RvuFileFacts Facts, decimal ConversionFactor) ReadRvus(FeeScheduleFile file, bool values)
    {
        RvuTable rvus;
        RvuFileFacts facts;
        if (file.Kind == FeeScheduleFileKind.RvuCsv)
        {
            (rvus, facts) = RvuCsvReader.Read(file.Name, CmsFileReader.ToUtf8(file.Content), values);
        }
        else
        {
            rvus = RvuTextReader.Read(file.Name, CmsFileReader.ToUtf8(file.Content), values);
            facts = new RvuFileFacts(null, null, null, null);
        }

        var cf = rvus.Rows[0].ConversionFactor;
        foreach (ref readonly var e in rvus.Rows.AsSpan())
        {
            if (e.ConversionFactor != cf)
            {
                FeeScheduleThrow.File(file.Name, $"rows carry different conversion factors ({cf} and {e.ConversionFactor} on {e}); one release has one");
            }
        }

        return (rvus, facts, cf);
    }

    private static FeeScheduleFile? PickOne(List<FeeScheduleFile> files, FeeScheduleFileKind kind, List<string> notes)
    {
        FeeScheduleFile? found = null;
        foreach (var f in files)
        {
            if (f.Kind != kind)
            {
                continue;
            }

            if (found is not null)
            {
                FeeScheduleThrow.Source($"Several {kind} files: {found.Name} and {f.Name}; load one release per folder.");
            }

            found = f;
        }

        if (found is null)
        {
            notes.Add($"No {kind} file was loaded.");
        }

        return found;
    }

    private static (FeeScheduleFile Rvu, FeeScheduleFile? Qualifying) PickRvuFile(List<FeeScheduleFile> files, List<string> notes, string origin)
    {
        var csv = files.Where(f => f.Kind == FeeScheduleFileKind.RvuCsv).ToList();
        var txt = files.Where(f => f.Kind == FeeScheduleFileKind.RvuFixedWidth).ToList();
        var candidates = csv.Count > 0 ? csv : txt;
        FeeScheduleFile? qualifying = null;
        if (candidates.Count == 0)
        {
            return FeeScheduleThrow.Source<(FeeScheduleFile, FeeScheduleFile?)>($"{origin}: no PPRRVU file (PPRRVU*.csv or PPRRVU*.txt) was found; it is the one file a release cannot do without.");
        }

        if (candidates.Count > 1)
        {
            // 2026 on: CMS ships PPRRVU..._QPP and _nonQPP; the non-qualifying file is the release's, the QPP file its second schedule.
            var nonQp = candidates.Where(f => f.Name.Contains("NONQPP", StringComparison.OrdinalIgnoreCase)).ToList();
            var qp = candidates.Where(f => f.Name.Contains("_QPP", StringComparison.OrdinalIgnoreCase)).ToList();
            if (nonQp.Count != 1 || qp.Count > 1 || candidates.Count != nonQp.Count + qp.Count)
            {
                return FeeScheduleThrow.Source<(FeeScheduleFile, FeeScheduleFile?)>($"{origin}: several PPRRVU files ({string.Join(", ", candidates.Select(f => f.Name))}); load one release per folder (a 2026 release may hold one _nonQPP and one _QPP file).");
            }

            qualifying = qp.Count == 1 ? qp[0] : null;
            candidates = nonQp;
        }

        if (csv.Count > 0 && txt.Count > 0)
        {
            notes.AddRange(txt.Select(f => $"{f.Name} was not loaded: the CSV holds the same rows."));
        }

        return (candidates[0], qualifying);
    }

    private static ReleaseId ResolveId(ReleaseId? explicitId, string? containerName, string rvuFileName, RvuFileFacts facts)
    {
        if (explicitId is { } given)
        {
            return given;
        }

        if (containerName is not null && Pricing.ReleaseId.TryParse(containerName, out var fromContainer))
        {
            return fromContainer;
        }

        if (facts.Year is int y && facts.Quarter is char q)
        {
            return Pricing.ReleaseId.Create(y, q);
        }

        if (TryIdFromFileName(rvuFileName, out var fromName))
        {
            return fromName;
        }

        return FeeScheduleThrow.Source<ReleaseId>($"{rvuFileName}: the release could not be told from the folder, the file's title or its name; set {nameof(FeeScheduleLoadOptions)}.{nameof(FeeScheduleLoadOptions.ReleaseId)}.");
    }

    /// <summary>The release an RVU file's name tells: PPRRVU2025_Oct.csv, PPRRVU25_JAN.csv, PPRRVU2026_Jul_nonQPP.csv.</summary>
    internal static bool TryIdFromFileName(string rvuFileName, out ReleaseId id)
    {
        var stem = Path.GetFileNameWithoutExtension(rvuFileName).ToUpperInvariant();
        var digits = new string(stem.Skip(6).TakeWhile(char.IsAsciiDigit).ToArray());
        int year = digits.Length switch { 2 => 2000 + int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture), 4 => int.Parse(digits, System.Globalization.CultureInfo.InvariantCulture), _ => 0 };
        string[] months = ["_JAN", "_APR", "_JUL", "_OCT"];
        int m = Array.FindIndex(months, x => stem.Contains(x, StringComparison.Ordinal));
        bool found = stem.StartsWith("PPRRVU", StringComparison.Ordinal) && year is >= 2000 and <= 2099 && m >= 0;
        id = found ? Pricing.ReleaseId.Create(year, (char)('A' + m)) : default;
        return found;
    }
}
