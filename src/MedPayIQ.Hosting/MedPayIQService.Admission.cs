using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;

namespace MedPayIQ.Hosting;

/// <summary>How the service loads a release from a folder or zip: the files it lacks filled, then admitted.</summary>
public sealed partial class MedPayIQService
{
    /// <summary>
    /// Loads a release from a folder or zip, fills the files it lacks from the best other source of its year (the
    /// packaged release of its id, another loaded release of the year, the nearest packaged one), and admits it
    /// (<see cref="ReleaseAdmission"/>) against the copy it replaces and the packaged release of its id.
    /// </summary>
    private FeeScheduleRelease LoadAdmitted(ReleaseSource source)
    {
        var release = source.Load();
        if (source.Kind == ReleaseSourceKind.Packaged)
        {
            return release;
        }

        var id = source.Id;
        var packaged = PackagedFeeSchedules.ReleaseIds.Contains(id) ? PackagedFeeSchedules.Get(id) : null;
        var offered = Volatile.Read(ref _current)?.Releases ?? [];
        var others = offered.Where(o => o.Id != id && o.Id.Year == id.Year && o.Kind != ReleaseSourceKind.Packaged)
            .Select(o => _cache.Resident(o)?.Release).OfType<FeeScheduleRelease>();
        release = ZipCodesFolder.Fill(release, _options().ZipCodesFolder); // CMS's own ZIP file, before any packaged one
        release = PackagedFeeSchedules.WithMissingFiles(release, others);

        var previous = offered.FirstOrDefault(o => o.Id == id && o != source && o.Kind != ReleaseSourceKind.Packaged) is { } p ? _cache.Resident(p)?.Release : null;
        var admission = ReleaseAdmission.Check(release, [previous, packaged], _options().Admission.ToLibrary());
        _warnings[source] = admission.Warnings;
        foreach (var warning in admission.Warnings)
        {
            Log.ReleaseWarning(_logger, source.Describe(), warning);
        }

        return admission.ThrowIfRefused();
    }
}
