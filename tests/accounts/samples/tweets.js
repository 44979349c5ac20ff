window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : { "initial" : { "editTweetIds" : [ "1842000000000000001" ], "editableUntil" : "2026-10-02T10:00:00.000Z", "editsRemaining" : "5", "isEditEligible" : true } },
      "retweeted" : false,
      "source" : "<a href=\"https://mobile.twitter.com\" rel=\"nofollow\">Twitter Web App</a>",
      "entities" : { "hashtags" : [ ], "symbols" : [ ], "user_mentions" : [ ], "urls" : [ ] },
      "display_text_range" : [ "0", "98" ],
      "favorite_count" : "4",
      "id_str" : "1842000000000000001",
      "truncated" : false,
      "retweet_count" : "2",
      "id" : "1842000000000000001",
      "created_at" : "Wed Oct 02 09:00:00 +0000 2026",
      "favorited" : false,
      "full_text" : "Our maternity voices partnership meets on Tuesday – come and tell us about your care.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "id_str" : "1843000000000000002",
      "id" : "1843000000000000002",
      "created_at" : "Fri Oct 04 12:30:00 +0000 2026",
      "full_text" : "RT @NHSEngland: Flu vaccines are now available for pregnant women.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "id_str" : "1844000000000000003",
      "id" : "1844000000000000003",
      "in_reply_to_status_id_str" : "1843900000000000000",
      "in_reply_to_status_id" : "1843900000000000000",
      "in_reply_to_user_id_str" : "999",
      "in_reply_to_screen_name" : "a_parent",
      "created_at" : "Mon Oct 07 16:45:00 +0000 2026",
      "full_text" : "@a_parent Thank you – please DM us and we will pass this to the team.",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "id_str" : "1845000000000000004",
      "id" : "1845000000000000004",
      "created_at" : "Thu Oct 10 23:30:00 -0100 2026",
      "full_text" : "Late-night reminder: the antenatal clinic moves to the Princess Royal Hospital from Monday. https://t.co/abc",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "id_str" : "1846000000000000005",
      "id" : "1846000000000000005",
      "created_at" : "Sat Oct 12 08:00:00 +0000 2026",
      "full_text" : "Worth a read 👇 https://t.co/xyz",
      "is_quote_status" : true,
      "quoted_status_id_str" : "1845900000000000000",
      "lang" : "en"
    }
  },
  {
    "tweet" : {
      "retweeted" : false,
      "id_str" : "1841000000000000000",
      "id" : "1841000000000000000",
      "created_at" : "Tue Sep 17 07:15:00 +0100 2026",
      "full_text" : "Welcome to the new account of our maternity programme.",
      "lang" : "en"
    }
  }
]
