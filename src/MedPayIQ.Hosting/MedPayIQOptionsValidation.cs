using MedPayIQ.Pricing;
using MedPayIQ.Pricing.Data;
using Microsoft.Extensions.Options;

namespace MedPayIQ.Hosting;

/// <summary>The ranges declared on <see cref="MedPayIQOptions"/>, checked by generated code (no reflection).</summary>
[OptionsValidator]
internal sealed partial class MedPayIQOptionsRangeValidator : IValidateOptions<MedPayIQOptions>;

/// <summary>The checks that need more than a range: sources, release ids, the locality. Each message names the setting.</summary>
internal sealed class MedPayIQOptionsValidator : IValidateOptions<MedPayIQOptions>
{
    private const string S = MedPayIQOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, MedPayIQOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Cache is null)
        {
            return ValidateOptionsResult.Fail($"{S}:{nameof(MedPayIQOptions.Cache)} is null.");
        }

        bool folder = !string.IsNullOrWhiteSpace(options.ReleasesFolder);
        if (!options.UsePackagedReleases && !folder)
        {
            failures.Add($"{S}:{nameof(MedPayIQOptions.ReleasesFolder)} is not set and {S}:{nameof(MedPayIQOptions.UsePackagedReleases)} is false: there is no fee schedule release to price with.");
        }

        if (!string.IsNullOrWhiteSpace(options.ZipCodesFolder) && !Directory.Exists(options.ZipCodesFolder))
        {
            failures.Add($"{S}:{nameof(MedPayIQOptions.ZipCodesFolder)} '{options.ZipCodesFolder}' is not a folder that exists.");
        }

        if (folder && !Directory.Exists(options.ReleasesFolder))
        {
            failures.Add($"{S}:{nameof(MedPayIQOptions.ReleasesFolder)} '{options.ReleasesFolder}' is not a folder that exists.");
        }

        if (!string.IsNullOrWhiteSpace(options.NcciFolder) && !Directory.Exists(options.NcciFolder))
        {
            failures.Add($"{S}:{nameof(MedPayIQOptions.NcciFolder)} '{options.NcciFolder}' is not a folder that exists.");
        }

        if (options.WatchFolders && !folder && string.IsNullOrWhiteSpace(options.NcciFolder))
        {
            failures.Add($"{S}:{nameof(MedPayIQOptions.WatchFolders)} is true but neither {S}:{nameof(MedPayIQOptions.ReleasesFolder)} nor {S}:{nameof(MedPayIQOptions.NcciFolder)} is set: there is no folder to watch.");
        }

        if (options.PollInterval < TimeSpan.FromSeconds(1) || options.PollInterval > TimeSpan.FromDays(1))
        {
            failures.Add($"{S}:{nameof(MedPayIQOptions.PollInterval)} {options.PollInterval} is outside 00:00:01 to 1.00:00:00.");
        }

        if (options.Cache.SlidingExpiration is { } sliding && sliding < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{S}:{nameof(MedPayIQOptions.Cache)}:{nameof(MedPayIQCacheOptions.SlidingExpiration)} {sliding} is shorter than one second.");
        }

        if (options.Admission is null || options.Admission.MinimumRowShare is < 0m or > 1m)
        {
            failures.Add($"{S}:{nameof(MedPayIQOptions.Admission)}:{nameof(MedPayIQAdmissionOptions.MinimumRowShare)} {options.Admission?.MinimumRowShare} is outside 0 to 1.");
        }

        if (options.ReadyMarkerFileName is { Length: > 0 } marker && (marker.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || marker.Contains('/', StringComparison.Ordinal) || marker.Contains('\\', StringComparison.Ordinal)))
        {
            failures.Add($"{S}:{nameof(MedPayIQOptions.ReadyMarkerFileName)} '{marker}' is not a file name.");
        }

        for (int i = 0; i < options.Releases.Count; i++)
        {
            var id = options.Releases[i];
            if (!ReleaseId.TryParse(id, out var parsed))
            {
                failures.Add($"{S}:{nameof(MedPayIQOptions.Releases)}:{i} '{id}' is not a release id such as RVU25D.");
            }
            else if (!folder && !PackagedFeeSchedules.ReleaseIds.Contains(parsed))
            {
                failures.Add($"{S}:{nameof(MedPayIQOptions.Releases)}:{i} '{id}' is not packaged (the packaged releases are {string.Join(", ", PackagedFeeSchedules.ReleaseIds)}) and {S}:{nameof(MedPayIQOptions.ReleasesFolder)} is not set.");
            }
        }

        if (!ClaimDefaults.TryParseLocation(options.DefaultLocality, out _))
        {
            failures.Add($"{S}:{nameof(MedPayIQOptions.DefaultLocality)} '{options.DefaultLocality}' is neither a carrier/locality such as 01182/18 nor a 5-digit ZIP code (leave it empty for national amounts).");
        }

        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"{S}:{nameof(MedPayIQOptions.Provider)} '{options.Provider}' is not a provider kind ({string.Join(", ", Enum.GetNames<ProviderKind>())}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Runs both validators, as <c>ValidateOnStart</c> does, for a service built without a host.</summary>
    internal static void ThrowIfInvalid(MedPayIQOptions options)
    {
        var failures = new List<string>();
        foreach (var result in new[] { new MedPayIQOptionsRangeValidator().Validate(Options.DefaultName, options), new MedPayIQOptionsValidator().Validate(Options.DefaultName, options) })
        {
            if (result.Failed)
            {
                failures.AddRange(result.Failures);
            }
        }

        if (failures.Count > 0)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(MedPayIQOptions), failures);
        }
    }
}
