module early.mailsafe.local/quietlocale

go 1.26.0
