window.YTD.account.part0 = [
  {
    "account" : {
      "createdVia" : "web",
      "username" : "STW_Maternity",
      "accountId" : "1500000000",
      "createdAt" : "2025-02-01T10:12:44.000Z",
      "accountDisplayName" : "STW Maternity"
    }
  }
]
