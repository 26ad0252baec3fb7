using System.Collections.Immutable;
using System.Globalization;

namespace MedPayIQ.Pricing;

/// <summary>
/// Settings of <see cref="ReleaseAdmission.Check"/>: how many rows a release may lose against the copy it replaces, and
/// whether the code families and localities every CMS release has are required.
/// </summary>
public sealed record ReleaseAdmissionOptions
{
    /// <summary>The checks as CMS's files pass them: 99% of a reference's rows per file, code families and localities required.</summary>
    public static ReleaseAdmissionOptions Default { get; } = new();

    /// <summary>
    /// The share of a reference's rows each file of the release must have (default 0.99: a copy of the same release, or
    /// the version it replaces, that has lost more than one row in a hundred is refused). From 0 to 1.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is below 0 or above 1.</exception>
    public decimal MinimumRowShare
    {
        get;
        init
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 1m);
            field = value;
        }
    } = 0.99m;

    /// <summary>
    /// Whether the release must hold what every CMS release holds (default <c>true</c>): RVU codes of each family CMS
    /// publishes (first characters 0 to 9, A, G, J and V; the file is sorted by code, so a file cut short loses V first),
    /// the same localities in its GPCI, LOCCO and ANES files, a ZIP code in every GPCI locality, and every OPPS-capped
    /// code priced in every locality the OPPSCAP file names. Set <c>false</c> for releases cut down on purpose (tests).
    /// </summary>
    public bool RequireWholeFiles { get; init; } = true;
}

/// <summary>
/// Whether a loaded release may go live: a file cut at a line break (a copy in progress, a stalled download, a script
/// writing line by line) parses as a valid, smaller release, and would price the codes it lost as unknown. A release is
/// refused, with the row counts in the message, when a file has materially fewer rows than the same file of a reference
/// (the copy it replaces, the packaged release of the same id), when its last row is one the reference has after all of
/// the release's, or when it lacks what every CMS release has (<see cref="ReleaseAdmissionOptions.RequireWholeFiles"/>).
/// The hosting package, the command-line tool's <c>--data</c> and its data folder all admit releases this way.
/// </summary>
public sealed class ReleaseAdmission
{
    private static readonly char[] RvuFamilies = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A', 'G', 'J', 'V'];

    private ReleaseAdmission(FeeScheduleRelease release, ImmutableArray<string> refusals, ImmutableArray<string> warnings)
    {
        Release = release;
        Refusals = refusals;
        Warnings = warnings;
    }

    /// <summary>The release checked.</summary>
    public FeeScheduleRelease Release { get; }

    /// <summary>Whether the release may go live (no refusal).</summary>
    public bool Admitted => Refusals.IsEmpty;

    /// <summary>Why the release is refused, one sentence per finding, with the row counts; empty when admitted.</summary>
    public ImmutableArray<string> Refusals { get; }

    /// <summary>
    /// Doubts that do not refuse the release but belong in logs and health reports: the loader's notes on files that may
    /// not be whole (a CSV that does not end with a line break).
    /// </summary>
    public ImmutableArray<string> Warnings { get; }

    /// <summary>Checks a release against references (the copy it replaces, the packaged release of the same id; <c>null</c>s are skipped).</summary>
    /// <param name="release">The release loaded.</param>
    /// <param name="references">Releases it must not fall short of: those of the same id are compared file by file.</param>
    /// <param name="options">Settings (default <see cref="ReleaseAdmissionOptions.Default"/>).</param>
    public static ReleaseAdmission Check(FeeScheduleRelease release, IEnumerable<FeeScheduleRelease?> references, ReleaseAdmissionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(release);
        ArgumentNullException.ThrowIfNull(references);
        options ??= ReleaseAdmissionOptions.Default;
        var refusals = new List<string>();
        foreach (var reference in references.Where(r => r is not null && !ReferenceEquals(r, release) && r.Id == release.Id).Distinct())
        {
            CompareRows(release, reference!, options.MinimumRowShare, options.RequireWholeFiles, refusals);
        }

        if (options.RequireWholeFiles)
        {
            CheckWhole(release, refusals);
        }

        return new ReleaseAdmission(release, [.. refusals.Distinct()], release.IntegrityNotes);
    }

    /// <summary>Returns the release when admitted; else throws.</summary>
    /// <exception cref="FeeScheduleFormatException">The release is refused: the message gives every reason, with the row counts.</exception>
    public FeeScheduleRelease ThrowIfRefused()
    {
        if (!Admitted)
        {
            FeeScheduleThrow.Source($"{Release.Id} from {Release.Provenance.Origin} is refused: {string.Join(" ", Refusals)}");
        }

        return Release;
    }

    private static string FileName(FeeScheduleRelease release, FeeScheduleFileKind kind)
        => release.Provenance.Files.FirstOrDefault(f => f.Kind == kind)?.Name ?? kind.ToString();

    private static string RvuName(FeeScheduleRelease release)
        => release.Provenance.Files.FirstOrDefault(f => f.Kind is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth)?.Name ?? "the RVU file";

    private static bool Has(FeeScheduleRelease release, FeeScheduleFileKind kind) => release.Provenance.Files.Any(f => f.Kind == kind);

    /// <summary>Rows per file of the release: the RVU file, its QPP file, GPCI, LOCCO, ANES, OPPSCAP and ZIP5, as loaded from its own files.</summary>
    private static IEnumerable<(string What, string File, int Rows)> Rows(FeeScheduleRelease release)
    {
        yield return ("RVU", RvuName(release), release.Rvus.Count);
        if (release.QualifyingFileRows > 0)
        {
            yield return ("QPP RVU", release.QualifyingVariant?.Provenance.Files.FirstOrDefault()?.Name ?? "the QPP RVU file", release.QualifyingFileRows);
        }

        if (Has(release, FeeScheduleFileKind.Gpci)) yield return ("GPCI", FileName(release, FeeScheduleFileKind.Gpci), release.Localities.Count);
        if (Has(release, FeeScheduleFileKind.LocalityCounties)) yield return ("LOCCO", FileName(release, FeeScheduleFileKind.LocalityCounties), release.Counties.Count);
        if (Has(release, FeeScheduleFileKind.Anesthesia)) yield return ("ANES", FileName(release, FeeScheduleFileKind.Anesthesia), release.Anesthesia.Count);
        if (Has(release, FeeScheduleFileKind.OppsCap)) yield return ("OPPSCAP", FileName(release, FeeScheduleFileKind.OppsCap), release.OppsCaps.Count);
        if (Has(release, FeeScheduleFileKind.Zip5)) yield return ("ZIP5", FileName(release, FeeScheduleFileKind.Zip5), release.Zips.Count);
    }

    private static void CompareRows(FeeScheduleRelease release, FeeScheduleRelease reference, decimal share, bool lastRows, List<string> refusals)
    {
        var theirs = Rows(reference).ToDictionary(r => r.What);
        foreach (var (what, file, rows) in Rows(release))
        {
            if (!theirs.TryGetValue(what, out var other) || other.Rows == 0)
            {
                continue;
            }

            if (rows < other.Rows * share)
            {
                refusals.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{file} has {rows:N0} rows where {other.File} of {reference.Id} from {reference.Provenance.Origin} has {other.Rows:N0} (at least {Math.Ceiling(other.Rows * share):N0} expected): a file cut short, such as a copy still being written, loads as a smaller release."));
            }
        }

        // A file cut at its last line break loses few rows, but the last: the reference's last code missing, and nothing after it.
        if (lastRows && release.Rvus.Count > 0 && reference.Rvus.Count > 0)
        {
            var last = reference.Rvus.Rows[^1];
            var mine = release.Rvus.Rows[^1];
            if (!release.Rvus.TryGet(last.Hcpcs, last.Modifier, out _) && RvuTable.Key(mine.Hcpcs, mine.Modifier) < RvuTable.Key(last.Hcpcs, last.Modifier))
            {
                refusals.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{RvuName(release)} ({release.Rvus.Count:N0} rows) ends at {mine.Hcpcs} where {RvuName(reference)} of {reference.Id} from {reference.Provenance.Origin} ({reference.Rvus.Count:N0} rows) goes on to {last.Hcpcs}: the file looks cut short."));
            }
        }

        if (lastRows && release.Zips.Count > 0 && reference.Zips.Count > 0)
        {
            var last = reference.Zips.Rows[^1];
            if (!release.Zips.TryGet(last.Zip, out _) && reference.Zips.Count > release.Zips.Count)
            {
                refusals.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{FileName(release, FeeScheduleFileKind.Zip5)} ({release.Zips.Count:N0} rows) lacks ZIP code {last.Zip:D5}, the last of {FileName(reference, FeeScheduleFileKind.Zip5)} of {reference.Id} ({reference.Zips.Count:N0} rows): the file looks cut short."));
            }
        }
    }

    private static void CheckWhole(FeeScheduleRelease release, List<string> refusals)
    {
        var families = new HashSet<char>();
        foreach (ref readonly var row in release.Rvus.EntryArray.AsSpan())
        {
            families.Add(row.Hcpcs.ToString()[0]);
        }

        var missing = RvuFamilies.Where(f => !families.Contains(f)).ToArray();
        if (missing.Length > 0)
        {
            refusals.Add(string.Create(CultureInfo.InvariantCulture,
                $"{RvuName(release)} has {release.Rvus.Count:N0} rows and no code starting with {string.Join(", ", missing)}, which every CMS RVU file has (CMS sorts it by code: a file cut short loses the last families first)."));
        }

        var gpci = release.Localities.Rows.Select(l => l.Key).ToHashSet();
        if (gpci.Count > 0)
        {
            CompareLocalities(release, FeeScheduleFileKind.LocalityCounties, release.Counties.Count, release.Counties.Rows.Select(r => r.Key).ToHashSet(), gpci, refusals);
            CompareLocalities(release, FeeScheduleFileKind.Anesthesia, release.Anesthesia.Count, release.Anesthesia.Rows.Select(r => r.Key).ToHashSet(), gpci, refusals);
            if (release.Zips.Count > 0)
            {
                var zipped = release.Zips.Rows.Select(z => z.Locality).ToHashSet();
                var unzipped = gpci.Where(k => !zipped.Contains(k)).ToList();
                if (unzipped.Count > 0)
                {
                    refusals.Add(string.Create(CultureInfo.InvariantCulture,
                        $"{FileName(release, FeeScheduleFileKind.Zip5)} has {release.Zips.Count:N0} rows and no ZIP code in locality {string.Join(", ", unzipped.Take(5))}{(unzipped.Count > 5 ? " ..." : "")} ({unzipped.Count} of the {gpci.Count} localities of {FileName(release, FeeScheduleFileKind.Gpci)}): the file looks cut short."));
                }
            }
        }

        if (release.OppsCaps.Count > 0)
        {
            var localities = release.OppsCaps.Rows.Select(r => r.Locality).ToHashSet();
            var shortCodes = release.OppsCaps.Rows.GroupBy(r => (r.Hcpcs, r.Modifier)).Where(g => g.Count() < localities.Count).Select(g => $"{g.Key.Hcpcs}{(!g.Key.Modifier.IsSome ? "" : "-" + g.Key.Modifier)} ({g.Count()})").ToList();
            if (shortCodes.Count > 0)
            {
                refusals.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{FileName(release, FeeScheduleFileKind.OppsCap)} has {release.OppsCaps.Count:N0} rows over {localities.Count} localities, but {string.Join(", ", shortCodes.Take(3))} {(shortCodes.Count == 1 ? "is" : "are")} priced in fewer: the file looks cut short."));
            }
        }
    }

    private static void CompareLocalities(FeeScheduleRelease release, FeeScheduleFileKind kind, int rows, HashSet<LocalityKey> keys, HashSet<LocalityKey> gpci, List<string> refusals)
    {
        if (keys.Count == 0)
        {
            return;
        }

        var onlyGpci = gpci.Where(k => !keys.Contains(k)).ToList();
        var onlyHere = keys.Where(k => !gpci.Contains(k)).ToList();
        if (onlyGpci.Count > 0 || onlyHere.Count > 0)
        {
            refusals.Add(string.Create(CultureInfo.InvariantCulture,
                $"{FileName(release, kind)} ({rows:N0} rows, {keys.Count} localities) and {FileName(release, FeeScheduleFileKind.Gpci)} ({release.Localities.Count:N0} rows) name different localities{(onlyGpci.Count > 0 ? $"; {string.Join(", ", onlyGpci.Take(5))} only in the GPCI file" : "")}{(onlyHere.Count > 0 ? $"; {string.Join(", ", onlyHere.Take(5))} only in {FileName(release, kind)}" : "")}: a file looks cut short."));
        }
    }
}
