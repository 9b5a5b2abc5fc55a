using System.Device.Gpio;

namespace EspWs.Hardware.Boards.Esp32;

/// <summary>The Firmata half of <see cref="Esp32Board"/>'s ports: opening, driving and closing pins on the live link, and the inputs' reports.</summary>
/// <remarks>
/// An input is a digital input (with the pull-up, mode 0x0B, for a button to ground) whose changes the firmware
/// reports as DIGITAL_MESSAGE; ArduinoBoard enables digital reporting for every port at start and raises a callback per
/// changed pin. The callback runs on ArduinoBoard's input thread, which must never wait for the chip (a write that
/// waits for an answer would wait for itself), so it only queues the level (<see cref="PortBoard.QueueInput"/>).
/// </remarks>
public sealed partial class Esp32Board
{
    private enum PortStep
    {
        Open,
        Drive,
        Close,
    }

    // Callers hold Gate. A step that fails means the link broke: the setting stays recorded and is driven when it returns.
    private bool TryDrive(FirmataSession session, PortRecord record, PortStep step)
    {
        try
        {
            switch (record.Use, step)
            {
                case (PinUse.Output, PortStep.Open):
                    OpenOutput(session.Gpio, record.Gpio, record.Level);
                    break;
                case (PinUse.Output, PortStep.Drive):
                    session.Gpio.Write(record.Gpio, record.Level ? PinValue.High : PinValue.Low);
                    break;
                case (PinUse.Pwm, PortStep.Open):
                    session.Pwm[record.Gpio] = new FirmataPwmOutput(session.Firmata, record.Gpio, record.Pwm.Output);
                    break;
                case (PinUse.Pwm, PortStep.Drive):
                    session.Pwm[record.Gpio].Write(record.Pwm.Output);
                    break;
                case (PinUse.Pwm, PortStep.Close):
                    if (session.Pwm.Remove(record.Gpio, out FirmataPwmOutput? pwm))
                    {
                        pwm.Close();
                    }

                    break;
                case (PinUse.Input, PortStep.Open):
                    session.Gpio.OpenPin(record.Gpio, record.Resistor == ResistorMode.InternalPullUp ? PinMode.InputPullUp : PinMode.Input);
                    session.Gpio.RegisterCallbackForPinValueChangedEvent(record.Gpio, PinEventTypes.Rising | PinEventTypes.Falling, OnInputChanged);
                    break;
                case (_, PortStep.Close) when session.Gpio.IsPinOpen(record.Gpio):
                    if (record.Use == PinUse.Input)
                    {
                        session.Gpio.UnregisterCallbackForPinValueChangedEvent(record.Gpio, OnInputChanged);
                    }

                    session.Gpio.ClosePin(record.Gpio);
                    break;
            }

            return true;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or TimeoutException)
        {
            session.Link.Abandon(ex.Message);
            return false;
        }
    }

    /// <summary>Whether <paramref name="record"/>'s pin is already open on <paramref name="session"/>'s link.</summary>
    private static bool IsOpenOn(FirmataSession session, PortRecord record) =>
        record.Use == PinUse.Pwm ? session.Pwm.ContainsKey(record.Gpio) : session.Gpio.IsPinOpen(record.Gpio);

    /// <summary>
    /// Makes <paramref name="pin"/> an output at <paramref name="level"/> without passing through the other level when
    /// the chip already has it as an output (a re-link after a short drop, or a restarted app): ConfigurableFirmata's
    /// SET_PIN_MODE to output drives the pin LOW first, so the mode is set only when the chip's own answer asks for it.
    /// </summary>
    private static void OpenOutput(GpioController gpio, int pin, bool level)
    {
        gpio.OpenPin(pin);
        if (gpio.GetPinMode(pin) != PinMode.Output)
        {
            gpio.SetPinMode(pin, PinMode.Output);
        }

        gpio.Write(pin, level ? PinValue.High : PinValue.Low);
    }

    // On ArduinoBoard's input thread: queue, never wait.
    private void OnInputChanged(object sender, PinValueChangedEventArgs args) =>
        QueueInput(args.PinNumber, args.ChangeType == PinEventTypes.Rising);
}
