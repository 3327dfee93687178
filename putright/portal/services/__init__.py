"""Every change the public, customer and councillor pages make: the views call these and write nothing themselves.

- `submissions`: the public forms and councillors' enquiries become contacts and cases (through the cases services).
- `account`: what a signed-in customer does on their own case (more information, call back, next stage, withdraw,
  the survey).
- `signin`: the customer's single-use sign-in links and their signed-in session.
- `evidence`: files customers send, stored, taken back, joined to their case, and tidied away when abandoned.
"""
