using System.Text.Json;
using Xunit;

namespace MedPayIQ.Cli.Tests;

/// <summary>The medpayiq tool run in-process on the packaged data.</summary>
public class CliTests
{
    private static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = Cli.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public void Rvu_shows_the_rows_of_77321_in_RVU25A()
    {
        var (exit, output, error) = Run("rvu", "77321", "--release", "RVU25A");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        Assert.Contains("Conversion factor 32.3465", output, StringComparison.Ordinal);
        Assert.Contains("26  A       0.95    0.52     0.52    0.04      1.51      1.51     1 XXX", output, StringComparison.Ordinal);
        Assert.Contains("TC  A       0.00    1.34     1.34NA  0.01      1.35      1.35", output, StringComparison.Ordinal);
        Assert.Contains("descriptor not packaged", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Rvu_json_is_parseable_with_amounts_as_numbers()
    {
        var (exit, output, _) = Run("rvu", "77321", "--modifier", "TC", "--date", "2026-07-15", "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("77321", root.GetProperty("hcpcs").GetString());
        Assert.Equal("RVU26C", root.GetProperty("release").GetProperty("id").GetString());
        Assert.Equal(33.4009m, root.GetProperty("release").GetProperty("conversionFactor").GetDecimal());
        var row = Assert.Single(root.GetProperty("rows").EnumerateArray().ToArray());
        Assert.Equal("TC", row.GetProperty("modifier").GetString());
        Assert.Equal(1.33m, row.GetProperty("nonFacilityPeRvu").GetDecimal());
        Assert.True(row.GetProperty("facilityNotApplicable").GetBoolean());
    }

    [Fact]
    public void Releases_lists_the_packaged_releases_with_hashes()
    {
        var (exit, output, _) = Run("releases");
        Assert.Equal(0, exit);
        Assert.Contains("RVU25A  effective 2025-01-01 through 2025-03-31  CF 32.3465", output, StringComparison.Ordinal);
        Assert.Contains("RVU26C  effective 2026-07-01 through 2026-09-30  CF 33.4009", output, StringComparison.Ordinal);
        Assert.Contains("sha256 fc106f49547d0821db8fc33eee4f532d4a90e41110976659f80ac9e3a438f26e", output, StringComparison.Ordinal);
        Assert.Contains("stands in", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Fees_pfall_for_01182_17_equals_every_line_of_the_CMS_sample_for_that_locality()
    {
        var (exit, output, error) = Run("fees", "--release", "RVU25A", "--carrier", "01182", "--locality", "17", "--format", "pfall");
        Assert.Equal(0, exit);
        Assert.Empty(error);
        var ours = output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var cms = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "data", "PFCA25A.sample.txt")).Split("\r\n")
            .Where(l => l.StartsWith("\"2025\",\"01182\",\"17\"", StringComparison.Ordinal)).ToArray();
        Assert.Equal(242, cms.Length);
        Assert.All(cms, line => Assert.Contains(line, ours));
    }

    [Fact]
    public void Fees_csv_writes_a_header_and_one_row_per_code()
    {
        var path = Path.Combine(Path.GetTempPath(), $"medpayiq-fees-{Guid.NewGuid():N}.csv");
        try
        {
            var (exit, _, _) = Run("fees", "--release", "RVU25D", "--carrier", "1112", "--locality", "5", "--format", "csv", "-o", path);
            Assert.Equal(0, exit);
            var lines = File.ReadAllLines(path);
            Assert.StartsWith("year,carrier,locality,hcpcs,modifier,non_facility_amount", lines[0], StringComparison.Ordinal);
            Assert.Contains("2025,01112,05,76145,,1339.81,1339.81,3,A,0,0.00,0.00,9,0.00,0.00", lines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("is not a HCPCS code", "rvu", "7732")]
    [InlineData("is not a modifier", "rvu", "77321", "--modifier", "T")]
    [InlineData("is not a release id", "rvu", "77321", "--release", "2025")]
    [InlineData("release RVU24D is not loaded", "rvu", "77321", "--release", "RVU24D")]
    [InlineData("No fee schedule release loaded for 2027", "rvu", "77321", "--date", "2027-01-05")]
    [InlineData("is not a date", "rvu", "77321", "--date", "01/05/2025")]
    [InlineData("has no row for ZZZZZ", "rvu", "ZZZZZ", "--release", "RVU25D")]
    [InlineData("does not exist", "releases", "--data", "/nonexistent/medpayiq")]
    [InlineData("Unrecognized", "rvu", "77321", "--bogus")]
    [InlineData("has no locality 01182/99", "fees", "--release", "RVU25A", "--carrier", "01182", "--locality", "99")]
    [InlineData("give --carrier and --locality", "fees", "--release", "RVU25A")]
    [InlineData("is not a format", "fees", "--release", "RVU25A", "--all-localities", "--format", "xml")]
    [InlineData("--release", "fees", "--carrier", "01182", "--locality", "17")]
    public void Bad_input_exits_2_with_one_line_naming_the_problem(string message, params string[] args)
    {
        var (exit, output, error) = Run(args);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Help_is_available_on_every_command()
    {
        foreach (var args in new[] { new[] { "--help" }, ["rvu", "--help"], ["releases", "--help"], ["fees", "--help"] })
        {
            var (exit, output, _) = Run(args);
            Assert.Equal(0, exit);
            Assert.Contains("Usage", output, StringComparison.Ordinal);
        }
    }
}
