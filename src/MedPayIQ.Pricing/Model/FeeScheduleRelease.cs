using System.Collections.Immutable;

namespace MedPayIQ.Pricing;

/// <summary>The kinds of file in a CMS RVU release.</summary>
public enum FeeScheduleFileKind
{
    /// <summary>PPRRVUxx CSV: RVUs and indicators (required).</summary>
    RvuCsv,
    /// <summary>PPRRVUxx TXT: the same, fixed width (used when no CSV is present).</summary>
    RvuFixedWidth,
    /// <summary>GPCIxxxx.csv: geographic practice cost indices per locality.</summary>
    Gpci,
    /// <summary>xxLOCCO.csv: counties of each locality.</summary>
    LocalityCounties,
    /// <summary>ANESxxxx.csv: anesthesia conversion factors per locality.</summary>
    Anesthesia,
    /// <summary>OPPSCAP_xxx.csv: OPPS-capped imaging prices per locality.</summary>
    OppsCap,
    /// <summary>ZIP5_xxx.txt: ZIP code to carrier and locality.</summary>
    Zip5,
    /// <summary>The Clinical Laboratory Fee Schedule (CSV or tilde-delimited text).</summary>
    ClinicalLab,
    /// <summary>The DMEPOS fee schedule (DMEPOS25_APR.csv).</summary>
    Dmepos,
    /// <summary>The DMEPOS rural and former competitive bidding area ZIP code file.</summary>
    DmeposZip,
    /// <summary>The Part B drug payment limit (ASP) file.</summary>
    PartBDrugs,
}

/// <summary>One file a release was loaded from: its name, size and SHA-256, so an amount can be traced to its bytes.</summary>
/// <param name="Kind">What the file holds.</param>
/// <param name="Name">File name (inside the folder or archive).</param>
/// <param name="Length">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the bytes loaded, lower-case hex.</param>
public sealed record SourceFile(FeeScheduleFileKind Kind, string Name, long Length, string Sha256);

/// <summary>Where a release came from: its files with their hashes, and notes on anything stood in or left out.</summary>
/// <param name="Origin">The folder, archive or other source loaded.</param>
/// <param name="Title">The RVU file's own title line, when it has one.</param>
/// <param name="ReleasedOn">The "RELEASED" date printed in the RVU file, when it has one.</param>
/// <param name="Files">Every file loaded.</param>
/// <param name="Notes">Stand-ins, files ignored, files missing.</param>
public sealed record ReleaseProvenance(string Origin, string? Title, DateOnly? ReleasedOn, ImmutableArray<SourceFile> Files, ImmutableArray<string> Notes);

/// <summary>
/// One CMS Physician Fee Schedule release (RVU25A, RVU25D, RVU26C...): its RVUs, GPCIs, localities, ZIP codes,
/// anesthesia conversion factors and OPPS caps, with provenance. Immutable and thread-safe: a new release is a new object.
/// </summary>
public sealed class FeeScheduleRelease
{
    internal FeeScheduleRelease(ReleaseId id, DateOnly effectiveFrom, decimal conversionFactor, bool qualifyingApmParticipantFile,
        RvuTable rvus, LocalityTable? localities, LocalityCountyTable? counties, ZipLocalityTable? zips,
        AnesthesiaConversionFactorTable? anesthesia, OppsCapTable? oppsCaps, ReleaseProvenance provenance)
    {
        Id = id;
        EffectiveFrom = effectiveFrom;
        ConversionFactor = conversionFactor;
        IsQualifyingApmParticipantFile = qualifyingApmParticipantFile;
        Rvus = rvus;
        Localities = localities ?? LocalityTable.Empty(id.Year);
        Counties = counties ?? LocalityCountyTable.Empty;
        Zips = zips ?? ZipLocalityTable.Empty;
        Anesthesia = anesthesia ?? AnesthesiaConversionFactorTable.Empty;
        OppsCaps = oppsCaps ?? OppsCapTable.Empty;
        Provenance = provenance;
        NominalEffectiveThrough = id.Quarter switch
        {
            'A' => new DateOnly(id.Year, 3, 31),
            'B' => new DateOnly(id.Year, 6, 30),
            'C' => new DateOnly(id.Year, 9, 30),
            _ => new DateOnly(id.Year, 12, 31),
        };
        InForceReason = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{id} is the release in force from {effectiveFrom:yyyy-MM-dd} through {NominalEffectiveThrough:yyyy-MM-dd}.");
    }

    /// <summary>The release identifier, such as RVU25D.</summary>
    public ReleaseId Id { get; }

    /// <summary>Calendar year of the fee schedule.</summary>
    public int Year => Id.Year;

    /// <summary>First date of service the release applies to (January 1, April 1, July 1 or October 1 of its year, unless set when loading).</summary>
    public DateOnly EffectiveFrom { get; }

    /// <summary>
    /// Last date of service of the release's quarter: the day before the next quarterly release's effective date,
    /// December 31 for the D release. A later loaded release of the same year takes over from its own effective date.
    /// </summary>
    public DateOnly NominalEffectiveThrough { get; }

    /// <summary>The conversion factor printed in the RVU file, in dollars per RVU (four decimals).</summary>
    public decimal ConversionFactor { get; }

    /// <summary>Whether the RVU file is CMS's qualifying APM participant (QPP) variant (2026 on).</summary>
    public bool IsQualifyingApmParticipantFile { get; }

    /// <summary>
    /// From 2026, when the release was loaded with CMS's QPP RVU file beside the non-qualifying one: the qualifying APM
    /// participant schedule, a release of the same id whose RVU table is the QPP file's (with the non-qualifying file's
    /// rows of the statuses the QPP file leaves out), whose conversion factor is the QPP file's, and whose provenance
    /// names the QPP file. <c>null</c> when no QPP file was loaded (see <see cref="ForQualifyingApmParticipants"/>).
    /// </summary>
    public FeeScheduleRelease? QualifyingVariant { get; internal init; }

    /// <summary>
    /// The release's qualifying APM participant schedule: <see cref="QualifyingVariant"/> when the QPP file was loaded,
    /// else the same RVUs with the qualifying conversion factor <paramref name="conversionFactors"/> gives for the
    /// release's first date (the two 2026 RVU files agree on every RVU; only the CF, the PRIC IND column and the OPPS
    /// RVUs differ), its provenance saying so.
    /// </summary>
    /// <param name="conversionFactors">The conversion factors (default <see cref="ConversionFactorSchedule.Medicare"/>).</param>
    /// <exception cref="InvalidOperationException">The release's year has one payment schedule (before 2026).</exception>
    public FeeScheduleRelease ForQualifyingApmParticipants(ConversionFactorSchedule? conversionFactors = null)
    {
        if (IsQualifyingApmParticipantFile)
        {
            return this;
        }

        if (QualifyingVariant is { } loaded)
        {
            return loaded;
        }

        if (!(conversionFactors ?? ConversionFactorSchedule.Medicare).TryGet(EffectiveFrom, out var period) || period.Qualifying == period.NonQualifying)
        {
            throw new InvalidOperationException($"{Id}: CY{Year} has one payment schedule; qualifying APM participants have their own conversion factor from 2026.");
        }

        string[] notes =
        [
            .. Provenance.Notes,
            string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"The qualifying APM participant schedule computed from {Provenance.Files.FirstOrDefault(f => f.Kind is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth)?.Name ?? "the non-qualifying RVU file"} with the qualifying conversion factor {period.Qualifying} ({period.Source}): the QPP RVU file is not loaded. Fee amounts equal the QPP file's; OPPS-capped amounts use the non-qualifying file's OPPS RVUs."),
        ];
        return new FeeScheduleRelease(Id, EffectiveFrom, period.Qualifying, false, Rvus, Localities, Counties, Zips, Anesthesia, OppsCaps,
            Provenance with { Notes = [.. notes] })
        {
            IsComputedQualifyingSchedule = true,
        };
    }

    /// <summary>
    /// The release with the files it lacks (GPCI, LOCCO, ANES, OPPSCAP, ZIP5) taken from <paramref name="donor"/>, a
    /// release of the same year (CMS ships the ZIP code file apart from the RVU zip, and a folder may hold only some of a
    /// release's files); the provenance names each file lent and where from. The release itself when it lacks none of
    /// the donor's files, or the donor is of another year (its GPCIs and conversion factors would not apply).
    /// </summary>
    /// <param name="donor">The release to take files from.</param>
    public FeeScheduleRelease WithMissingFilesFrom(FeeScheduleRelease donor)
    {
        ArgumentNullException.ThrowIfNull(donor);
        if (donor.Year != Year || ReferenceEquals(donor, this))
        {
            return this;
        }

        var lent = new List<SourceFile>();
        var notes = new List<string>();
        T? Take<T>(FeeScheduleFileKind kind, T mine, T theirs) where T : class
        {
            if (Has(kind) || !donor.Has(kind))
            {
                return mine;
            }

            var file = donor.Provenance.Files.First(f => f.Kind == kind);
            lent.Add(file);
            notes.Add($"{file.Name} ({kind}, sha256 {file.Sha256}) is taken from {donor.Id} ({donor.Provenance.Origin}): {Id} from {Provenance.Origin} has no {kind} file.");
            return theirs;
        }

        var gpci = Take(FeeScheduleFileKind.Gpci, Localities, donor.Localities)!;
        var counties = Take(FeeScheduleFileKind.LocalityCounties, Counties, donor.Counties)!;
        var anes = Take(FeeScheduleFileKind.Anesthesia, Anesthesia, donor.Anesthesia)!;
        var opps = Take(FeeScheduleFileKind.OppsCap, OppsCaps, donor.OppsCaps)!;
        var zips = Take(FeeScheduleFileKind.Zip5, Zips, donor.Zips)!;
        return lent.Count == 0 ? this : With(gpci, counties, zips, anes, opps, lent, notes);
    }

    /// <summary>
    /// The release with CMS's ZIP code file (loaded with <see cref="FeeScheduleLoader.LoadZipCodes"/>) when it has none,
    /// its provenance saying so; the release itself when it has one.
    /// </summary>
    /// <param name="zipCodes">The ZIP code table.</param>
    public FeeScheduleRelease WithZipCodes(ZipLocalityTable zipCodes)
    {
        ArgumentNullException.ThrowIfNull(zipCodes);
        if (Has(FeeScheduleFileKind.Zip5) || zipCodes.Count == 0)
        {
            return this;
        }

        var file = zipCodes.Source ?? new SourceFile(FeeScheduleFileKind.Zip5, "ZIP5 table", 0, string.Empty);
        return With(Localities, Counties, zipCodes, Anesthesia, OppsCaps, [file],
            [$"{file.Name} (ZIP5, sha256 {file.Sha256}) is taken from {zipCodes.Origin}: {Id} from {Provenance.Origin} has no ZIP5 file."]);
    }

    /// <summary>Whether the release was loaded with a file of that kind.</summary>
    internal bool Has(FeeScheduleFileKind kind) => Provenance.Files.Any(f => f.Kind == kind);

    private FeeScheduleRelease With(LocalityTable gpci, LocalityCountyTable counties, ZipLocalityTable zips, AnesthesiaConversionFactorTable anes, OppsCapTable opps,
        List<SourceFile> lent, List<string> notes)
    {
        FeeScheduleRelease Copy(FeeScheduleRelease r) => new(r.Id, r.EffectiveFrom, r.ConversionFactor, r.IsQualifyingApmParticipantFile, r.Rvus, gpci, counties, zips, anes, opps,
            r.Provenance with { Files = [.. r.Provenance.Files, .. lent], Notes = [.. r.Provenance.Notes, .. notes] })
        {
            IsComputedQualifyingSchedule = r.IsComputedQualifyingSchedule,
            QualifyingFileRows = r.QualifyingFileRows,
            IntegrityNotes = r.IntegrityNotes,
        };

        var copy = Copy(this);
        return QualifyingVariant is { } variant ? new FeeScheduleRelease(copy) { QualifyingVariant = Copy(variant) } : copy;
    }

    private FeeScheduleRelease(FeeScheduleRelease r)
        : this(r.Id, r.EffectiveFrom, r.ConversionFactor, r.IsQualifyingApmParticipantFile, r.Rvus, r.Localities, r.Counties, r.Zips, r.Anesthesia, r.OppsCaps, r.Provenance)
    {
        IsComputedQualifyingSchedule = r.IsComputedQualifyingSchedule;
        QualifyingFileRows = r.QualifyingFileRows;
        IntegrityNotes = r.IntegrityNotes;
    }

    /// <summary>Whether this is a qualifying APM participant schedule computed from the non-qualifying RVU file (<see cref="ForQualifyingApmParticipants"/>).</summary>
    public bool IsComputedQualifyingSchedule { get; private init; }

    /// <summary>RVUs and indicators (PPRRVU).</summary>
    public RvuTable Rvus { get; }

    /// <summary>GPCIs per locality; empty (<c>Count</c> 0) when the release was loaded without its GPCI file.</summary>
    public LocalityTable Localities { get; }

    /// <summary>Counties per locality; empty without the LOCCO file.</summary>
    public LocalityCountyTable Counties { get; }

    /// <summary>ZIP code to locality; empty without a ZIP5 file.</summary>
    public ZipLocalityTable Zips { get; }

    /// <summary>Anesthesia conversion factors; empty (and no <see cref="AnesthesiaConversionFactorTable.National"/> factor) without the ANES file.</summary>
    public AnesthesiaConversionFactorTable Anesthesia { get; }

    /// <summary>OPPS imaging caps; empty without the OPPSCAP file.</summary>
    public OppsCapTable OppsCaps { get; }

    /// <summary>Files, hashes and notes.</summary>
    public ReleaseProvenance Provenance { get; }

    /// <summary>The SHA-256 of the RVU file, the file every amount is computed from.</summary>
    public string RvuFileSha256 => Provenance.Files.First(f => f.Kind is FeeScheduleFileKind.RvuCsv or FeeScheduleFileKind.RvuFixedWidth).Sha256;

    internal string InForceReason { get; }

    /// <summary>Rows of the qualifying APM participant (QPP) RVU file as read (0 when none was loaded): admission compares it, the merged table cannot show a cut file.</summary>
    internal int QualifyingFileRows { get; init; }

    /// <summary>The loader's doubts about a file being whole (such as a CSV that does not end with a line break), also in <see cref="ReleaseProvenance.Notes"/>.</summary>
    internal ImmutableArray<string> IntegrityNotes { get; init; } = [];

    /// <inheritdoc/>
    public override string ToString() => $"{Id} (effective {EffectiveFrom:yyyy-MM-dd}, CF {ConversionFactor})";
}
