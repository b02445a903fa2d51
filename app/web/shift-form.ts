// The add-a-shift and change-a-shift forms share one schema: person, start date, shift type.
import { z } from "zod";

export const ShiftFormSchema = z.object({
  userId: z.string({ required_error: "Choose a person." }).min(1, "Choose a person."),
  date: z.string({ required_error: "Enter the date." }).min(1, "Enter the date."),
  shiftTypeId: z.string({ required_error: "Choose a shift." }).min(1, "Choose a shift."),
});
