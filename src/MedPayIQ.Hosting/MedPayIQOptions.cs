using System.ComponentModel.DataAnnotations;
using MedPayIQ.Pricing;
using Microsoft.Extensions.Options;

namespace MedPayIQ.Hosting;

/// <summary>
/// Settings of a MedPayIQ service, bound from the <c>MedPayIQ</c> configuration section: where the fee schedule
/// releases come from and which to offer, the claim defaults (locality, provider, opt-in cost sharing), the watched
/// folder and the release cache. Validated when the host starts; each message names the setting at fault.
/// </summary>
public sealed class MedPayIQOptions
{
    /// <summary>The configuration section the options are bound from: <c>MedPayIQ</c>.</summary>
    public const string SectionName = "MedPayIQ";

    /// <summary>Whether the releases packaged in MedPayIQ.Pricing.Data (RVU25A, RVU25D, RVU26C) are offered (default <c>true</c>).</summary>
    public bool UsePackagedReleases { get; set; } = true;

    /// <summary>
    /// A folder of CMS releases, one per release: a subfolder named by its id (<c>RVU26A/</c>, the RVU zip extracted) or
    /// the zip as downloaded (<c>RVU26A.zip</c>). A release found here replaces the packaged release of the same id.
    /// </summary>
    public string? ReleasesFolder { get; set; }

    /// <summary>
    /// A folder of CMS's ZIP code files (<c>ZIP5_JUL2026.txt</c>, or the zip CMS ships it in; CMS publishes the ZIP code
    /// file apart from the RVU release). A release of <see cref="ReleasesFolder"/> that has no ZIP5 file of its own
    /// takes the newest file here (by the time it was written), before any packaged one, its provenance saying so. The
    /// <c>zip</c> folder of the CLI's data folder (<c>medpayiq data add ZIP5_JUL2026.txt</c>) is such a folder.
    /// </summary>
    public string? ZipCodesFolder { get; set; }

    /// <summary>The release ids offered (<c>RVU25D</c>, ...); empty (the default): every release found.</summary>
    public IList<string> Releases { get; } = new List<string>();

    /// <summary>
    /// Whether the offered releases are loaded when the service starts, as far as the cache size allows (default
    /// <c>true</c>); <c>false</c>: each release is loaded on first use. A new release is always loaded before it is swapped in.
    /// </summary>
    public bool PreloadReleases { get; set; } = true;

    /// <summary>
    /// Where claims made by <see cref="MedPayIQSnapshot.CreateClaim"/> are priced: a carrier/locality (<c>01182/18</c>),
    /// a 5-digit ZIP code, or empty (the default) for national amounts.
    /// </summary>
    public string? DefaultLocality { get; set; }

    /// <summary>The provider kind of claims made by <see cref="MedPayIQSnapshot.CreateClaim"/> (default physician).</summary>
    public ProviderKind Provider { get; set; } = ProviderKind.Physician;

    /// <summary>Whether the provider participates in Medicare (default <see cref="Participation.Participating"/>).</summary>
    public Participation Participation { get; set; }

    /// <summary>From 2026: whether the clinician is a qualifying APM participant (default <see cref="ApmStatus.NotQualifying"/>).</summary>
    public ApmStatus ApmStatus { get; set; }

    /// <summary>
    /// How a date of service's release is picked when the release in force is not offered: <see cref="ReleaseSelection.Nearest"/>
    /// (the default) prices it with the nearest offered release of the same year, at lower confidence, as the calculator
    /// does; <see cref="ReleaseSelection.Exact"/> leaves it unpriced (<see cref="PriceOutcome.NoRelease"/>).
    /// </summary>
    public ReleaseSelection ReleaseSelection { get; set; }

    /// <summary>Opt-in: take the payment sequestration off the Medicare payment (default <c>false</c>).</summary>
    public bool ApplySequestration { get; set; }

    /// <summary>
    /// Opt-in: claims start with the year's whole Part B deductible unmet (2025 $257, 2026 $283), for a service that
    /// tracks it; set <see cref="Claim.DeductibleRemaining"/> from the beneficiary's eligibility response. Default
    /// <c>false</c>: the deductible is not applied.
    /// </summary>
    public bool TrackDeductible { get; set; }

    /// <summary>
    /// Whether <see cref="ReleasesFolder"/> (and <see cref="NcciFolder"/>) are polled for new releases, each loaded in the
    /// background once unchanged for one poll and swapped in atomically (default <c>false</c>).
    /// </summary>
    public bool WatchFolders { get; set; }

    /// <summary>How often the watched folders are polled (default one minute; from one second to one day).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Whether the NCCI tables packaged in MedPayIQ.Ncci (the 2026Q2 add-on code edits and the practitioner MUE table effective 2026-04-01) are used (default <c>true</c>).</summary>
    public bool UsePackagedNcci { get; set; } = true;

    /// <summary>A folder of CMS's NCCI files (PTP, MUE, add-on code edits, or their zips) or compiled snapshots (<c>.ncci</c>, <see cref="Ncci.NcciSnapshot"/>), loaded with <see cref="Ncci.NcciLoader"/>; a table of the packaged MUE quarter replaces the packaged one.</summary>
    public string? NcciFolder { get; set; }

    /// <summary>
    /// The checks a release or NCCI table passes before it goes live (see <see cref="ReleaseAdmission"/> and
    /// <c>NcciAdmission</c>): one that fails is held back, the last good copy serving and health <c>Degraded</c>.
    /// </summary>
    public MedPayIQAdmissionOptions Admission { get; set; } = new();

    /// <summary>
    /// For folders written by jobs: the name of a file (such as <c>READY</c>) a release folder must hold before it is
    /// considered; a folder without it is taken as still being written and left alone. Default: none (a folder is
    /// considered once unchanged for one poll).
    /// </summary>
    public string? ReadyMarkerFileName { get; set; }

    /// <summary>The release cache.</summary>
    [ValidateObjectMembers]
    public MedPayIQCacheOptions Cache { get; set; } = new();
}

/// <summary>The admission checks of new releases (see <see cref="ReleaseAdmission"/>).</summary>
public sealed class MedPayIQAdmissionOptions
{
    /// <summary>
    /// The share of the rows of each file of the copy a release replaces (or of the packaged release of its id) it must
    /// have (default 0.99). From 0 to 1.
    /// </summary>
    public decimal MinimumRowShare { get; set; } = 0.99m;

    /// <summary>
    /// Whether a release must hold what every CMS release holds: each RVU code family, the same localities in its
    /// locality files (default <c>true</c>; <c>false</c> for releases cut down on purpose).
    /// </summary>
    public bool RequireWholeFiles { get; set; } = true;

    internal ReleaseAdmissionOptions ToLibrary() => new() { MinimumRowShare = MinimumRowShare, RequireWholeFiles = RequireWholeFiles };
}

/// <summary>The cache of loaded releases: a size-limited memory cache, read when the service starts.</summary>
public sealed class MedPayIQCacheOptions
{
    /// <summary>
    /// The most memory, in bytes, the loaded releases may hold (default 256 MiB; a whole CMS release holds about 8 to
    /// 12 MiB: its RVU rows, ZIP code index, OPPS caps and calculator, estimated from their counts). The least recently
    /// used releases leave first; a release no snapshot offers any more leaves at the swap.
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long SizeLimitBytes { get; set; } = 256L << 20;

    /// <summary>A release not used for this long leaves the cache (default: never for want of use; at least one second).</summary>
    public TimeSpan? SlidingExpiration { get; set; }
}
