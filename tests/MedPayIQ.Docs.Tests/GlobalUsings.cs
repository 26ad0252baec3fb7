global using MedPayIQ.Hosting;
global using MedPayIQ.Hosting.Tests;
global using MedPayIQ.Insights;
global using MedPayIQ.Ncci;
global using MedPayIQ.Pricing;
global using MedPayIQ.Pricing.Data;
global using MedPayIQ.Pricing.Tests;
global using Xunit;
