using System.Diagnostics;

namespace EspWs.App.Tests.Boards;

/// <summary>Starts the real app process with the Linux GPIO board on a GPIO chip no machine has (chip 999), as on CI, which has none.</summary>
public class LinuxGpioStartTests
{
    [Fact]
    public async Task Without_a_gpio_chip_the_app_exits_non_zero_with_one_line_and_no_stack_trace()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { Path.Combine(AppContext.BaseDirectory, "EspWs.App.dll"), "--Board:Name=linux-gpio", "--Board:LinuxGpio:Chip=999", "--Server:Port=0" })
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Task<string> errors = process.StandardError.ReadToEndAsync(timeout.Token);
        Task<string> output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        string[] lines = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, process.ExitCode);
        string line = Assert.Single(lines);
        Assert.StartsWith("espws: board 'linux-gpio' cannot start: this machine has no GPIO chip 999 (/dev/gpiochip999 does not exist)", line, StringComparison.Ordinal);
        Assert.Contains("Board:LinuxGpio:Chip", line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", await output + line, StringComparison.Ordinal);
    }
}
