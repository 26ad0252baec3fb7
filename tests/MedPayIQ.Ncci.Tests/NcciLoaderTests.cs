using System.IO.Compression;
using System.Text;
using MedPayIQ.Pricing;

namespace MedPayIQ.Ncci.Tests;

/// <summary>The NCCI files as CMS publishes them: counts, fields, versions, and precise errors for anything else.</summary>
public class NcciLoaderTests
{
    internal static string DataPath(string name) => Path.Combine(AppContext.BaseDirectory, "data", name);

    internal static PtpTable Ptp => (PtpTable)NcciLoader.Load(DataPath("ccipra-v322r0-f1.excerpt.txt"))[0];

    internal static MueTable Mue => (MueTable)NcciLoader.Load(DataPath("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"))[0];

    [Fact]
    public void Packaged_add_on_edits_2026Q2_load_with_exact_counts()
    {
        var aoc = PackagedNcci.AddOnEdits;
        Assert.Equal(9_000, aoc.Count);
        Assert.Equal(8_293, aoc.Rows.Count(e => e.Type == AddOnEditType.ListedPrimaries));
        Assert.Equal(47, aoc.Rows.Count(e => e.Type == AddOnEditType.ContractorPrimaries));
        Assert.Equal(660, aoc.Rows.Count(e => e.Type == AddOnEditType.SomeListedPrimaries));
        Assert.All(aoc.Rows.Where(e => e.Type == AddOnEditType.ContractorPrimaries), e => Assert.False(e.Primary.IsSome));
        Assert.Equal(8, aoc.Rows.Count(e => e.Type == AddOnEditType.SomeListedPrimaries && !e.Primary.IsSome)); // type 3 rows may add CCCCC
        Assert.Equal("2026Q2", aoc.Source.Version);
        Assert.Equal(new DateOnly(2026, 4, 1), aoc.Source.EffectiveFrom);
        Assert.Equal("dfb955dc1ca6ca8802aaa36f8f79cdebb58ea29a72fb652628eea38decceb5f9", aoc.Source.Sha256);

        // 1,0079T,2013365,0078T,2013365,2013091,2013365: Julian dates (2013091 = 2013-04-01, 2013365 = 2013-12-31).
        var e = Assert.Single(aoc.EditsOf(HcpcsCode.Parse("0079T")).ToArray());
        Assert.Equal(HcpcsCode.Parse("0078T"), e.Primary);
        Assert.Equal(new DateOnly(2013, 4, 1), e.Effective);
        Assert.Equal(new DateOnly(2013, 12, 31), e.Deleted);
        Assert.Equal(new DateOnly(2013, 12, 31), e.AddOnDeleted);
        Assert.True(e.AppliesOn(new DateOnly(2013, 12, 31)));
        Assert.False(e.AppliesOn(new DateOnly(2014, 1, 1)));
        Assert.Contains(HcpcsCode.Parse("0071U"), aoc.AddOnsOf(HcpcsCode.Parse("0070U")));
    }

    [Fact]
    public void The_add_ons_of_a_primary_are_the_rows_that_name_it_in_force_on_the_date()
    {
        var aoc = PackagedNcci.AddOnEdits;
        foreach (var date in new[] { new DateOnly(2013, 12, 31), new DateOnly(2014, 1, 1), new DateOnly(2026, 5, 4) })
        {
            foreach (var primary in aoc.Rows.Where(e => e.Primary.IsSome).Select(e => e.Primary).Distinct())
            {
                var expected = aoc.Rows.Where(e => e.Primary == primary && e.AppliesOn(date)).Select(e => e.AddOn).Distinct().Order();
                Assert.Equal(expected, aoc.AddOnsOf(primary, date));
                Assert.Equal(aoc.Rows.Where(e => e.Primary == primary).Select(e => e.AddOn).Distinct(), aoc.AddOnsOf(primary));
            }
        }

        Assert.Empty(aoc.AddOnsOf(HcpcsCode.Parse("99999"), new DateOnly(2026, 5, 4)));
    }

    [Fact]
    public void Packaged_practitioner_MUE_table_2026_04_01_loads_whole_and_a_file_of_its_quarter_replaces_it()
    {
        var mue = PackagedNcci.PractitionerMue;
        Assert.Equal(15_095, mue.Count); // CMS's complete table: MAI 3: 9,637; MAI 2: 5,417; MAI 1: 41
        Assert.Equal(9_637, mue.Rows.Count(e => e.Adjudication == MueAdjudication.DateOfServiceClinical));
        Assert.Equal(5_417, mue.Rows.Count(e => e.Adjudication == MueAdjudication.DateOfServicePolicy));
        Assert.Equal(41, mue.Rows.Count(e => e.Adjudication == MueAdjudication.Line));
        Assert.Equal("720027c47fd38f3194bbe332d7cd7e6940cdc1e1945d08d46000945c7ce6494c", mue.Source.Sha256);
        Assert.Equal(new DateOnly(2026, 4, 1), mue.Source.EffectiveFrom);
        Assert.True(mue.TryGet(HcpcsCode.Parse("77321"), out var e));
        Assert.Equal((1, MueAdjudication.DateOfServicePolicy), (e.Value, e.Adjudication));

        var mine = NcciLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes("\"HCPCS/\nCPT Code\",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n77321,3,2 Date of Service Edit: Policy,x\r\n")), "MCR_MUE_PractitionerServices_Eff_04-01-2026.csv");
        var july = NcciLoader.Load(DataPath("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"));
        var catalog = PackagedNcci.Catalog.With(mine).With(july);
        Assert.Equal([new DateOnly(2026, 4, 1), new DateOnly(2026, 7, 1)], catalog.Versions(NcciTableKind.MuePractitioner).Select(t => t.Source.EffectiveFrom));
        Assert.Same(mine[0], catalog.Versions(NcciTableKind.MuePractitioner)[0]);
        Assert.Single(catalog.Versions(NcciTableKind.AddOn));
    }

    [Fact]
    public void Ptp_excerpt_loads_every_row_with_its_fields()
    {
        var ptp = Ptp;
        Assert.Equal(155, ptp.Count); // every tab-separated row of the 12,000-character excerpt; the last one's rationale cut short
        Assert.Equal(NcciTableKind.PtpPractitioner, ptp.Source.Kind);
        Assert.Equal("32.2r0", ptp.Source.Version);
        Assert.Equal(new DateOnly(2026, 7, 1), ptp.Source.EffectiveFrom);
        Assert.Equal("61d8febbae7ef18f02faab25ce5b8de7afae61eed1aca4cbf44a9daf5e19a591", ptp.Source.Sha256);

        // 0001A	0591T		20220101	20231231	1	CPT Manual or CMS manual coding instruction
        Assert.True(ptp.TryFind(HcpcsCode.Parse("0001A"), HcpcsCode.Parse("0591T"), new DateOnly(2023, 6, 1), out var edit));
        Assert.Equal(new DateOnly(2022, 1, 1), edit.Effective);
        Assert.Equal(new DateOnly(2023, 12, 31), edit.Deletion);
        Assert.Equal(PtpModifierIndicator.Allowed, edit.ModifierIndicator);
        Assert.Equal("CPT Manual or CMS manual coding instruction", edit.Rationale);
        Assert.False(edit.PriorTo1996);

        // The rationale values of 2026Q3 (rules.md B1), and indicators 0, 1 and 9.
        Assert.Superset(new HashSet<string> { "CPT Manual or CMS manual coding instruction", "Misuse of Column Two code with Column One code", "Mutually exclusive procedures", "Standards of medical/surgical practice", "Misuse of Column T" },
            ptp.Rows.Select(e => e.Rationale).ToHashSet());
        Assert.Equal([PtpModifierIndicator.NotAllowed, PtpModifierIndicator.Allowed, PtpModifierIndicator.NotApplicable], ptp.Rows.Select(e => e.ModifierIndicator).Distinct().Order());
        Assert.Contains(ptp.Rows, e => e.Deletion is null);
        Assert.All(ptp.Rows.Where(e => e.ModifierIndicator == PtpModifierIndicator.NotApplicable), e => Assert.Equal(e.Effective, e.Deletion));
    }

    [Theory]
    // rules.md B1: deletion dates are the last day in force; indicator 9 rows never apply.
    [InlineData("0001A", "0591T", "2021-12-31", false)]
    [InlineData("0001A", "0591T", "2022-01-01", true)]
    [InlineData("0001A", "0591T", "2023-12-31", true)]
    [InlineData("0001A", "0591T", "2024-01-01", false)]
    [InlineData("0001A", "90473", "2022-01-01", false)]
    [InlineData("0001U", "81164", "2030-06-30", true)]
    [InlineData("0591T", "0001A", "2023-06-01", false)]
    public void Ptp_edit_applies_between_its_effective_and_deletion_dates_inclusive(string column1, string column2, string date, bool applies)
        => Assert.Equal(applies, Ptp.TryFind(HcpcsCode.Parse(column1), HcpcsCode.Parse(column2), DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), out _));

    [Fact]
    public void Mue_excerpt_loads_past_the_multi_line_notice()
    {
        var mue = Mue;
        Assert.Equal(44, mue.Count);
        Assert.Equal(NcciTableKind.MuePractitioner, mue.Source.Kind);
        Assert.Equal(new DateOnly(2026, 7, 1), mue.Source.EffectiveFrom);
        Assert.True(mue.TryGet(HcpcsCode.Parse("0001U"), out var u));
        Assert.Equal(1, u.Value);
        Assert.Equal(MueAdjudication.DateOfServicePolicy, u.Adjudication);
        Assert.Equal("Code Descriptor / CPT Instruction", u.Rationale);
        Assert.True(mue.TryGet(HcpcsCode.Parse("0002M"), out var m));
        Assert.Equal(MueAdjudication.DateOfServiceClinical, m.Adjudication);
        Assert.False(mue.TryGet(HcpcsCode.Parse("99213"), out _));
    }

    [Fact]
    public void A_zip_of_PTP_parts_and_a_folder_load_and_parts_join_into_one_version()
    {
        var folder = Directory.CreateTempSubdirectory("medpayiq-ncci-").FullName;
        try
        {
            var text = File.ReadAllBytes(DataPath("ccipra-v322r0-f1.excerpt.txt"));
            string zipPath = Path.Combine(folder, "ccipra-v322r0.zip");
            using (var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create))
            {
                foreach (var part in new[] { "ccipra-v322r0-f1.txt", "ccipra-v322r0-f2.txt" })
                {
                    using var s = zip.CreateEntry(part).Open();
                    s.Write(part.EndsWith("f1.txt", StringComparison.Ordinal) ? text : Encoding.ASCII.GetBytes("CPT only copyright\r\nColumn1/Column2 Edits\r\nColumn 1\tColumn 2\t*=in existence\tEffective\tDeletion\tModifier\tPTP Edit Rationale\r\n99213\t36415\t\t20250101\t*\t1\tMisuse of Column Two code with Column One code\r\n"));
                }

                zip.CreateEntry("README.txt");
            }

            var tables = NcciLoader.Load(zipPath);
            Assert.Single(tables); // the parts of one version are read together into one table
            Assert.Equal(["ccipra-v322r0-f1.txt", "ccipra-v322r0-f2.txt"], tables[0].Source.FileNames);
            var catalog = NcciCatalog.Create(tables);
            var joined = Assert.IsType<PtpTable>(Assert.Single(catalog.Versions(NcciTableKind.PtpPractitioner)));
            Assert.Equal(156, joined.Count);
            Assert.Equal(["ccipra-v322r0-f1.txt", "ccipra-v322r0-f2.txt"], joined.Source.FileNames);
            Assert.True(joined.TryFind(HcpcsCode.Parse("99213"), HcpcsCode.Parse("36415"), new DateOnly(2026, 7, 1), out _));

            File.Copy(DataPath("MCR_MUE_PractitionerServices_Eff_07-01-2026.excerpt.csv"), Path.Combine(folder, "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv"));
            Assert.Equal(2, NcciLoader.Load(folder).Length);

            // Parts loaded one by one still join in a catalog, to the same edits.
            var f1 = NcciLoader.Load(new MemoryStream(text), "ccipra-v322r0-f1.txt")[0];
            var f2 = NcciLoader.Load(new MemoryStream(Encoding.ASCII.GetBytes("Column 1\tColumn 2\r\n99213\t36415\t\t20250101\t*\t1\tMisuse of Column Two code with Column One code\r\n")), "ccipra-v322r0-f2.txt")[0];
            var separately = (PtpTable)Assert.Single(NcciCatalog.Create([f2, f1]).Versions(NcciTableKind.PtpPractitioner));
            Assert.Equal(joined.Rows.Select(e => e.ToString()), separately.Rows.Select(e => e.ToString()));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("ccioph-v313r0-f2.txt", NcciTableKind.PtpHospital, "31.3r0", "2025-10-01")]
    [InlineData("ccipra-v320r1-f4.txt", NcciTableKind.PtpPractitioner, "32.0r1", "2026-01-01")]
    [InlineData("MCR_MUE_OutpatientHospitalServices_Eff_04-01-2026.csv", NcciTableKind.MueHospital, "2026-04-01", "2026-04-01")]
    [InlineData("MCR_MUE_DMESupplierServices_Eff_10-01-2025.csv", NcciTableKind.MueDme, "2025-10-01", "2025-10-01")]
    [InlineData("AOC_V2025Q4-MCR.csv", NcciTableKind.AddOn, "2025Q4", "2025-10-01")]
    public void The_table_version_and_first_date_come_from_CMS_file_names(string name, NcciTableKind kind, string version, string effective)
    {
        var (k, v, e) = NcciLoader.Identify(name, new NcciLoadOptions());
        Assert.Equal(kind, k);
        Assert.Equal(version, v);
        Assert.Equal(DateOnly.Parse(effective, System.Globalization.CultureInfo.InvariantCulture), e);
    }

    [Fact]
    public void Hospital_and_DME_MUE_files_load_by_their_header()
    {
        const string rows = "0001U,2,1 Line Edit,Nature of Service/Procedure\r\n";
        var hospital = (MueTable)NcciLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes("\"HCPCS/\nCPT Code\",Outpatient Hospital Services MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n" + rows)), "MCR_MUE_OutpatientHospitalServices_Eff_07-01-2026.csv")[0];
        var dme = (MueTable)NcciLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes("\"HCPCS/\nCPT Code\",DME Supplier Services MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n" + rows)), "MCR_MUE_DMESupplierServices_Eff_07-01-2026.csv")[0];
        Assert.Equal(NcciTableKind.MueHospital, hospital.Source.Kind);
        Assert.Equal(NcciTableKind.MueDme, dme.Source.Kind);
        Assert.True(dme.TryGet(HcpcsCode.Parse("0001U"), out var e));
        Assert.Equal(MueAdjudication.Line, e.Adjudication);
        var renamed = NcciLoader.Load(new MemoryStream(File.ReadAllBytes(DataPath("ccipra-v322r0-f1.excerpt.txt"))), "my-edits.txt", new NcciLoadOptions { Kind = NcciTableKind.PtpHospital, EffectiveFrom = new DateOnly(2026, 7, 1) })[0];
        Assert.Equal(NcciTableKind.PtpHospital, renamed.Source.Kind);
        Assert.Equal(155, renamed.Count);
    }

    [Fact]
    public void Versions_are_chosen_by_date_of_service()
    {
        var older = NcciLoader.Load(new MemoryStream(File.ReadAllBytes(DataPath("ccipra-v322r0-f1.excerpt.txt"))), "ccipra-v320r0-f1.txt")[0];
        var catalog = NcciCatalog.Create([older, Ptp]);
        Assert.Equal("32.0r0", catalog.ResolvePtp(NcciClaimKind.Practitioner, new DateOnly(2026, 3, 1)).Table!.Source.Version);
        Assert.Equal("32.2r0", catalog.ResolvePtp(NcciClaimKind.Practitioner, new DateOnly(2026, 8, 1)).Table!.Source.Version);
        var (early, why) = catalog.Resolve(NcciTableKind.PtpPractitioner, new DateOnly(2025, 8, 1));
        Assert.Equal("32.0r0", early!.Source.Version);
        Assert.Contains("earliest version", why, StringComparison.Ordinal);
        (var none, why) = catalog.ResolveMue(NcciClaimKind.DmeSupplier, new DateOnly(2026, 8, 1));
        Assert.Null(none);
        Assert.False(catalog.ResolvePtp(NcciClaimKind.DmeSupplier, new DateOnly(2026, 8, 1)).Found);
        Assert.Contains("no MueDme table", why, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ccipra-v322r0-f1.txt", "Column 1\tColumn 2\r\n0001A\t0591T\t\t2022-01-01\t*\t1\tx\r\n", 2, 4, "2022-01-01", "yyyymmdd")]
    [InlineData("ccipra-v322r0-f1.txt", "Column 1\tColumn 2\r\n0001A\t059\t\t20220101\t*\t1\tx\r\n", 2, 2, "059", "HCPCS code")]
    [InlineData("ccipra-v322r0-f1.txt", "Column 1\tColumn 2\r\n0001A\t0591T\t\t20220101\t*\t2\tx\r\n", 2, 6, "2", "0, 1 or 9")]
    [InlineData("ccipra-v322r0-f1.txt", "Column 1\tColumn 2\r\n0001A\t0591T\t\t20220101\t20211231\t1\tx\r\n", 2, 5, "20211231", "on or after the effective date")]
    [InlineData("ccipra-v322r0-f1.txt", "Column 1\tColumn 2\r\n0001A,0591T,,20220101,*,1,x\r\n", 2, 0, null, "7 tab-separated fields")]
    [InlineData("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", "\"HCPCS/\nCPT Code\",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n0001U,one,2 Date of Service Edit: Policy,x\r\n", 3, 2, "one", "whole number")]
    [InlineData("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", "\"HCPCS/\nCPT Code\",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n0001U,1,4 Something,x\r\n", 3, 3, "4 Something", "1, 2 or 3")]
    [InlineData("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", "\"HCPCS/\nCPT Code\",Practitioner Services MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n0001U,1,1 Line Edit,x\r\n0001U,2,1 Line Edit,x\r\n", 4, 1, "0001U", "repeated")]
    [InlineData("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", "\"HCPCS/\nCPT Code\",DME Supplier Services MUE Values,MUE Adjudication Indicator,MUE Rationale\r\n", 1, 2, "DME Supplier Services MUE Values", "Practitioner Services")]
    [InlineData("AOC_V2026Q2-MCR.csv", "AOC_Edit_Type,Add-On_Code,AOC_DelDT,Primary_Code,Primary_Code_DelDT,AOC_Edit_EffDT,AOC_Edit_DelDT,Special_Instruction_Notes\r\n1,0071U,,0070U,,2018400\r\n", 2, 6, "2018400", "Julian date")]
    [InlineData("AOC_V2026Q2-MCR.csv", "AOC_Edit_Type,Add-On_Code,AOC_DelDT,Primary_Code,Primary_Code_DelDT,AOC_Edit_EffDT,AOC_Edit_DelDT,Special_Instruction_Notes\r\n1,0054T,,CCCCC,,2013091\r\n", 2, 4, "CCCCC", "listed primary code on type 1")]
    [InlineData("AOC_V2026Q2-MCR.csv", "AOC_Edit_Type,Add-On_Code,AOC_DelDT,Primary_Code,Primary_Code_DelDT,AOC_Edit_EffDT,AOC_Edit_DelDT,Special_Instruction_Notes\r\n4,0071U,,0070U,,2018274\r\n", 2, 1, "4", "type 1, 2 or 3")]
    public void Malformed_rows_name_file_line_column_value_and_expectation(string name, string content, long line, int column, string? value, string expected)
    {
        var ex = Assert.Throws<NcciFormatException>(() => NcciLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(content)), name));
        Assert.Equal(name, ex.FileName);
        Assert.Equal(line, ex.LineNumber);
        Assert.Equal(column, ex.Column);
        Assert.Equal(value, ex.Value);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notes.csv", "a,b\r\n", "cannot tell the table")]
    [InlineData("ccipra-v322r0-f1.txt", "", "is empty")]
    [InlineData("ccipra-v322r0-f1.txt", "just text\r\nno header\r\n", "not a PTP edit file")]
    [InlineData("AOC_V2026Q2-MCR.csv", "1,2,3\r\n", "not an add-on code edit file")]
    [InlineData("MCR_MUE_PractitionerServices_Eff_07-01-2026.csv", "\"unclosed,1,2\r\n", "MCR_MUE_PractitionerServices_Eff_07-01-2026.csv")]
    [InlineData("ccipra.zip", "PK\u0003\u0004garbage", "readable zip")]
    public void Files_that_are_not_NCCI_files_are_refused_with_a_reason(string name, string content, string expected)
    {
        var ex = Assert.Throws<NcciFormatException>(() => NcciLoader.Load(new MemoryStream(Encoding.UTF8.GetBytes(content)), name));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Values_stay_out_of_messages_when_asked()
    {
        var ex = Assert.Throws<NcciFormatException>(() => NcciLoader.Load(new MemoryStream("Column 1\tColumn 2\r\nSECRT\t0591T\t\tbad\t*\t1\tx\r\n"u8.ToArray()), "ccipra-v322r0-f1.txt", new NcciLoadOptions { IncludeValuesInExceptions = false }));
        Assert.Null(ex.Value);
        Assert.DoesNotContain("bad", ex.Message, StringComparison.Ordinal);
    }
}

/// <summary>Probing a pair and a code allocates nothing (counted on a second run, after tiering).</summary>
public class NcciHotPathTests
{
    [Fact]
    public void Probing_a_pair_an_MUE_and_an_add_on_allocates_nothing()
    {
        var ptp = NcciLoaderTests.Ptp;
        var mue = NcciLoaderTests.Mue;
        var aoc = PackagedNcci.AddOnEdits;
        var one = HcpcsCode.Parse("0001A");
        var two = HcpcsCode.Parse("0591T");
        var day = new DateOnly(2023, 6, 1);
        int hits = 0;
        void Probe()
        {
            for (int i = 0; i < 10_000; i++)
            {
                hits += ptp.TryFind(one, two, day, out _) ? 1 : 0;
                hits += ptp.TryFind(two, one, day, out _) ? 1 : 0;
                hits += mue.TryGet(HcpcsCode.Parse("0001U"), out _) ? 1 : 0;
                hits += aoc.EditsOf(HcpcsCode.Parse("0071U")).Length;
            }
        }

        Probe();
        long before = GC.GetAllocatedBytesForCurrentThread();
        Probe();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(60_000, hits);
    }
}
