using System.Device.Gpio;
using System.Device.Pwm;
using System.Device.Pwm.Drivers;
using Microsoft.Extensions.Logging;

namespace EspWs.Hardware.Boards.LinuxGpio;

/// <summary>The ports half of <see cref="LinuxGpioBoard"/>: outputs, PWM (a hardware channel, or software PWM where allowed) and inputs with edge events.</summary>
/// <remarks>
/// <para>
/// PWM: the LED line can have a hardware channel (<see cref="LinuxGpioBoardOptions.PwmChannel"/>, through sysfs, as a
/// Raspberry Pi has on GPIO18 with <c>dtoverlay=pwm</c>), opened when the board is made. Any other line, or the LED
/// line without a channel, gets System.Device's <see cref="SoftwarePwmChannel"/> only when
/// <see cref="LinuxGpioBoardOptions.SoftwarePwm"/> allows it: its thread spins a whole core (and jitters under load),
/// so it runs only while the duty cycle is strictly between 0 and 1; off and full are plain levels. Without either, a
/// PWM port is refused with <see cref="NotSupportedException"/> saying so, and the app keeps the LED on/off.
/// </para>
/// <para>
/// Inputs: the driver's edge events (<see cref="GpioController.RegisterCallbackForPinValueChangedEvent"/>; libgpiod
/// gives them, sysfs polls), queued off the driver's thread to the port's filters.
/// </para>
/// </remarks>
public sealed partial class LinuxGpioBoard
{
    private readonly Dictionary<int, PwmChannel> _softwarePwm = [];
    private readonly PwmChannel? _hardwarePwm;

    private protected override void CheckPin(PortRecord record)
    {
        if (record.Use == PinUse.Pwm && !HasHardwarePwm(record.Gpio) && !_options.SoftwarePwm)
        {
            throw new NotSupportedException(
                $"{record.Describe()} cannot dim: it has no hardware PWM channel, and software PWM, which spins a core, is off.");
        }

        PinMode mode = ModeFor(record);
        if (!_gpio.IsPinModeSupported(record.Gpio, mode))
        {
            throw new NotSupportedException($"{record.Describe()} cannot be used as {mode}: the chip's driver does not offer it on that line.");
        }
    }

    private protected override void OpenPin(PortRecord record)
    {
        switch (record.Use)
        {
            case PinUse.Output:
                _gpio.OpenPin(record.Gpio, PinMode.Output, Physical(record.Gpio, record.Level));
                break;
            case PinUse.Pwm when HasHardwarePwm(record.Gpio):
                _hardwarePwm!.Start();
                DrivePin(record, changed: true);
                break;
            case PinUse.Pwm:
                _gpio.OpenPin(record.Gpio, PinMode.Output, PinValue.Low);
                DrivePin(record, changed: true);
                break;
            case PinUse.Input:
                _gpio.OpenPin(record.Gpio, ModeFor(record));
                record.Input!.Start(_gpio.Read(record.Gpio) == PinValue.High);
                _gpio.RegisterCallbackForPinValueChangedEvent(record.Gpio, PinEventTypes.Rising | PinEventTypes.Falling, OnEdge);
                break;
        }
    }

    private protected override void DrivePin(PortRecord record, bool changed)
    {
        if (record.Use == PinUse.Output)
        {
            _gpio.Write(record.Gpio, Physical(record.Gpio, record.Level));
            if (changed)
            {
                _logger.LogInformation("Pin {Pin} (GPIO{Gpio}) is now {Level}", record.Pin.Name, record.Gpio, record.Level ? "ON" : "OFF");
            }

            return;
        }

        double duty = _options.ActiveLow && record.Gpio == _options.LedPin ? 1 - record.Pwm.Output : record.Pwm.Output;
        int hertz = (int)Math.Round(record.Pwm.Frequency.Hertz);
        if (HasHardwarePwm(record.Gpio))
        {
            Set(_hardwarePwm!, hertz, duty);
        }
        else
        {
            DriveSoftwarePwm(record.Gpio, hertz, duty);
        }

        if (changed)
        {
            _logger.LogDebug("Pin {Pin} (GPIO{Gpio}) duty cycle is now {DutyCycle:0.###}", record.Pin.Name, record.Gpio, record.Pwm.Output);
        }
    }

    private protected override void ClosePin(PortRecord record)
    {
        if (record.Use == PinUse.Pwm && HasHardwarePwm(record.Gpio))
        {
            Set(_hardwarePwm!, _hardwarePwm!.Frequency, 0);
            _hardwarePwm.Stop();
            return;
        }

        if (_softwarePwm.Remove(record.Gpio, out PwmChannel? software))
        {
            software.Dispose();
        }

        if (record.Use == PinUse.Input)
        {
            _gpio.UnregisterCallbackForPinValueChangedEvent(record.Gpio, OnEdge);
        }

        if (_gpio.IsPinOpen(record.Gpio))
        {
            _gpio.ClosePin(record.Gpio);
        }
    }

    private static PinMode ModeFor(PortRecord record) => (record.Use, record.Resistor) switch
    {
        (PinUse.Input, ResistorMode.InternalPullUp) => PinMode.InputPullUp,
        (PinUse.Input, ResistorMode.InternalPullDown) => PinMode.InputPullDown,
        (PinUse.Input, _) => PinMode.Input,
        _ => PinMode.Output,
    };

    private static void Set(PwmChannel channel, int hertz, double duty)
    {
        if (channel.Frequency != hertz)
        {
            channel.Frequency = hertz;
        }

        channel.DutyCycle = duty;
    }

    private bool HasHardwarePwm(int gpio) => _hardwarePwm is not null && gpio == _options.LedPin;

    // Callers hold Gate. Off and full are levels; only a duty cycle in between runs (and pays for) the software thread.
    private void DriveSoftwarePwm(int gpio, int hertz, double duty)
    {
        if (duty is > 0 and < 1)
        {
            if (_softwarePwm.TryGetValue(gpio, out PwmChannel? running))
            {
                Set(running, hertz, duty);
                return;
            }

            // The channel opens the line itself, on the board's controller, which it leaves open when it ends.
            _gpio.ClosePin(gpio);
            var channel = new SoftwarePwmChannel(gpio, hertz, duty, usePrecisionTimer: false, _gpio, shouldDispose: false);
            channel.Start();
            _softwarePwm.Add(gpio, channel);
            return;
        }

        if (_softwarePwm.Remove(gpio, out PwmChannel? stopped))
        {
            stopped.Dispose();
        }

        _gpio.Write(gpio, duty >= 1 ? PinValue.High : PinValue.Low);
    }

    private PwmChannel? OpenHardwarePwm(Func<int, int, int, double, PwmChannel> open)
    {
        if (_options.PwmChannel < 0)
        {
            return null;
        }

        try
        {
            return open(_options.PwmChip, _options.PwmChannel, 1000, 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or PlatformNotSupportedException)
        {
            throw new BoardUnavailableException(
                $"PWM channel {_options.PwmChannel} of /sys/class/pwm/pwmchip{_options.PwmChip} for the LED line GPIO{_options.LedPin} cannot be opened ({ex.Message.TrimEnd('.')}); on a Raspberry Pi, dtoverlay=pwm gives GPIO18 channel 0.", ex);
        }
    }

    // Callers hold Gate.
    private void ClosePwm()
    {
        foreach (PwmChannel channel in _softwarePwm.Values)
        {
            channel.Dispose();
        }

        _softwarePwm.Clear();
        _hardwarePwm?.Dispose();
    }

    // On the driver's event thread: queue, never wait.
    private void OnEdge(object sender, PinValueChangedEventArgs args) =>
        QueueInput(args.PinNumber, args.ChangeType == PinEventTypes.Rising);
}
