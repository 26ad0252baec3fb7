using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MedPayIQ.Hosting.Tests;

/// <summary>Bad settings stop the host at start with a message that names the setting.</summary>
public sealed class OptionsValidationTests
{
    [Theory]
    [InlineData("MedPayIQ:DefaultLocality", "0118", "MedPayIQ:DefaultLocality '0118' is neither a carrier/locality such as 01182/18 nor a 5-digit ZIP code")]
    [InlineData("MedPayIQ:Releases:0", "RVU2", "MedPayIQ:Releases:0 'RVU2' is not a release id such as RVU25D.")]
    [InlineData("MedPayIQ:Releases:0", "RVU24A", "MedPayIQ:Releases:0 'RVU24A' is not packaged (the packaged releases are RVU25A, RVU25D, RVU26A, RVU26B, RVU26C) and MedPayIQ:ReleasesFolder is not set.")]
    [InlineData("MedPayIQ:ReleasesFolder", "/no/such/folder", "MedPayIQ:ReleasesFolder '/no/such/folder' is not a folder that exists.")]
    [InlineData("MedPayIQ:NcciFolder", "/no/such/ncci", "MedPayIQ:NcciFolder '/no/such/ncci' is not a folder that exists.")]
    [InlineData("MedPayIQ:UsePackagedReleases", "false", "MedPayIQ:ReleasesFolder is not set and MedPayIQ:UsePackagedReleases is false: there is no fee schedule release to price with.")]
    [InlineData("MedPayIQ:WatchFolders", "true", "MedPayIQ:WatchFolders is true but neither MedPayIQ:ReleasesFolder nor MedPayIQ:NcciFolder is set: there is no folder to watch.")]
    [InlineData("MedPayIQ:PollInterval", "00:00:00.5", "MedPayIQ:PollInterval 00:00:00.5000000 is outside 00:00:01 to 1.00:00:00.")]
    [InlineData("MedPayIQ:Cache:SlidingExpiration", "00:00:00", "MedPayIQ:Cache:SlidingExpiration 00:00:00 is shorter than one second.")]
    [InlineData("MedPayIQ:Cache:SizeLimitBytes", "0", "Cache.SizeLimitBytes")]
    [InlineData("MedPayIQ:Provider", "42", "MedPayIQ:Provider '42' is not a provider kind")]
    public async Task The_host_does_not_start_and_the_message_names_the_setting(string key, string value, string message)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { [key] = value });
        builder.Services.AddMedPayIQ();
        using var host = builder.Build();
        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_service_built_without_a_host_validates_the_same_way()
    {
        var options = new MedPayIQOptions { DefaultLocality = "LA", Provider = (ProviderKind)42 };
        options.Releases.Add("RVU99Z");
        var ex = Assert.Throws<OptionsValidationException>(() => new MedPayIQService(options));
        Assert.Equal(
        [
            "MedPayIQ:Releases:0 'RVU99Z' is not a release id such as RVU25D.",
            "MedPayIQ:DefaultLocality 'LA' is neither a carrier/locality such as 01182/18 nor a 5-digit ZIP code (leave it empty for national amounts).",
            "MedPayIQ:Provider '42' is not a provider kind (Physician, NursePractitioner, ClinicalNurseSpecialist, PhysicianAssistant, CertifiedNurseMidwife, ClinicalPsychologist, ClinicalSocialWorker, RegisteredDietitian, NurseAnesthetist, TherapistInPrivatePractice).",
        ], ex.Failures);
    }

    [Fact]
    public void The_range_of_the_cache_size_is_checked_by_the_generated_validator()
    {
        var options = new MedPayIQOptions { Cache = { SizeLimitBytes = -1 } };
        var ex = Assert.Throws<OptionsValidationException>(() => new MedPayIQService(options));
        Assert.Contains("SizeLimitBytes", Assert.Single(ex.Failures), StringComparison.Ordinal);
    }
}
