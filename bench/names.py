"""Invented-looking name, place and agency lists for the benchmark corpus (written for bench/).

Every combination is fictional. The lists are deliberately varied in origin and spelling so
that the spaCy model sees names it knows well and names it does not.
"""

from __future__ import annotations

FIRST_NAMES_F = """
Abigail Adaeze Adwoa Agnieszka Aisha Alesha Alina Amara Amelia Amira Anastasia Angharad Anjali
Ayesha Bethan Bisola Blessing Bronwen Caitlin Camille Carys Chanel Charlotte Chiamaka Chloe
Ciara Claudette Damaris Danielle Deborah Dorota Eilidh Elif Elżbieta Efua Esi Eszter Fatima
Fenella Fiona Folasade Gabriela Gemma Grainne Gulnara Hafsa Halima Hannah Harpreet Hayley Ifeoma
Ilona Imani Ioana Isla Jadwiga Jasmine Jaspreet Jessica Joanna Kamala Karolina Katarzyna Kerry
Khadija Kirsty Lakshmi Latoya Leanne Leila Lorraine Lucia Magdalena Mairead Malgorzata Mariam
Marisol Maryam Megan Mehwish Mirela Morag Nadia Naomi Natasha Niamh Nkechi Noor Oksana Olamide
Oluwaseun Paulina Precious Priya Rania Rebecca Rhiannon Roisin Rukhsana Saoirse Samira Shabnam
Shanice Shauna Siobhan Simone Sinead Sunita Tamsin Tanisha Teodora Tiffany Urszula Valentina
Wiktoria Yasmin Yetunde Zainab Zaneta Zara Zofia Zuzanna
""".split()

FIRST_NAMES_M = """
Abdullahi Adebayo Aidan Alasdair Aleksander Amir Anil Arjun Bartosz Benedict Brandon Callum
Chinedu Ciaran Connor Dariusz Darren Declan Deon Dmitri Dominic Emmanuel Enrique Eoin Farhan
Fergus Florin Gareth Gurpreet Hamza Haris Hassan Ibrahim Idris Ifan Imran Ioan Jakub Jamal
Jerome Jonah Kamil Kareem Kieran Kofi Kwame Lewis Liam Luca Lukasz Mahmoud Marek Marlon Mateusz
Mehmet Mihai Mohammed Nathaniel Nikhil Obinna Oisin Olusegun Owain Pawel Piotr Rafal Rajesh
Ravinder Reece Rhys Rory Ruairi Ryan Sandeep Seamus Segun Shane Sohail Stefan Sukhdev Tadeusz
Tariq Tendai Thulani Tomasz Tyrone Usman Vikram Wojciech Xavier Yusuf Zbigniew Zoltan
""".split()

SURNAMES = """
Abimbola Achterberg Adeyemi Ahmed Akhtar Ashcroft Asante Bakshi Balogun Banerjee Barraclough
Bassi Begum Bhatt Bielecki Boateng Brierley Brzezinska Campbell Carmichael Chaudhry Chowdhury
Ciobanu Costa Cunningham Czarnecki Dabrowski Dhillon Donnelly Duffy Dunleavy Ekwueme Entwistle
Eze Fairbairn Farouk Fitzgerald Gallagher Garside Ghosh Gill Gorringe Grabowski Greenhalgh
Gunawardena Haddad Haworth Hegarty Hussain Ibekwe Iqbal Jablonski Jankowski Kaczmarek Kamara
Kapoor Kaur Kelleher Khan Kilbride Kowalczyk Kozlowski Krasniqi Lacey Lindqvist Lungu Macaulay
Mackintosh Mahmood Malinowski Mbeki McAllister McGuinness Mensah Merriweather Mistry Molyneux
Mulcahy Mwangi Nakamura Nazir Ndlovu Nowak Nwosu Obi Oduya Okafor Okonkwo Olawale Onyango
Osei Otieno Owusu Pankhurst Papadopoulos Parekh Patel Pemberton Popescu Prendergast Qureshi
Raithatha Rahman Rasheed Rautenbach Renwick Rowntree Sandhu Sarpong Sawicki Shah Siddiqui
Sokolowski Stanislawski Sutcliffe Szymanski Tambini Thackeray Threlfall Tiwari Trelawney
Uddin Umeh Vasquez Venkataraman Wainwright Walczak Warsame Wisniewski Wozniak Yeboah Yilmaz
Zielinski Zubair Abernethy Blackwood Crossley Drummond Eastwood Frobisher Goldthorpe Hollingworth
Illingworth Jarvis Kettlewell Lockwood Marchbank Northcott Oldroyd Pickersgill Quigley Ramsbottom
""".split()

TITLES_F = ["Mrs", "Ms", "Miss"]
TITLES_M = ["Mr"]
PRACTITIONER_ROLES = [
    ("DC", "Detective Constable"), ("PC", "Police Constable"), ("DS", "Detective Sergeant"),
    ("Dr", "GP"), ("Dr", "consultant psychiatrist"), ("", "IDVA"), ("", "social worker"),
    ("", "health visitor"), ("", "housing officer"), ("", "probation officer"),
    ("", "school safeguarding lead"), ("", "community psychiatric nurse"), ("", "MARAC coordinator"),
]  # fmt: skip

STREET_STEMS = """
Quenmore Harcastle Larchmere Brackenmoor Ashgrove Birchfield Cobbold Dunmore Elmhurst Fernbank
Glenarm Hawthorn Ingleby Juniper Kestrel Linden Marlowe Netherby Oakfield Pennington Quarry
Rosebery Sandringham Thornbury Upland Valley Westcombe Yewtree Alder Bramley Chestnut Dellfield
Eskdale Foxglove Garnet Holloway Ivydale Kingsmead Lavender Millbrook Nightingale Orchard
Primrose Redcliffe Stanhope Tennyson Wickham Woodvale
""".split()
STREET_KINDS = ["Road", "Street", "Avenue", "Close", "Rise", "Lane", "Crescent", "Grove", "Way", "Gardens", "Terrace", "Drive"]
ESTATES = [f"{s} Estate" for s in STREET_STEMS[:18]]
SCHOOLS = [f"{s} {k}" for s, k in zip(STREET_STEMS[10:40], ["Primary School", "Academy", "High School"] * 10, strict=True)]
SURGERIES = [f"{s} {k}" for s, k in zip(STREET_STEMS[20:45], ["Medical Practice", "Surgery", "Health Centre"] * 9, strict=False)]
PUBS = ["The Gilded Heron", "The Fox and Anchor", "The Red Lion", "The Crown and Sceptre", "The Drovers Arms", "The Kings Head"]
EMPLOYERS = ["Marchbank Logistics", "Pennington Foods", "Stanhope Motors", "Kestrel Security", "Linden Care Homes",
             "Oakfield Builders"]  # fmt: skip
TOWNS = ["Lewisham", "Bromley", "Croydon", "Rochdale", "Oldham", "Wakefield", "Swindon", "Luton", "Gateshead", "Ipswich",
         "Cardiff", "Leicester", "Medway", "Peterborough", "Slough", "Stockport", "Wolverhampton", "Norwich"]  # fmt: skip
PRISONS = ["HMP Brackenmoor", "HMP Thornbury", "HMP Kestrel Ridge"]

AGENCIES = [
    "the police", "Metropolitan Police", "the GP practice", "the IDVA service", "MARAC", "Children's Social Care",
    "Adult Social Care", "the Ambulance Service", "the local hospital trust", "the mental health trust",
    "the Probation Service", "the housing provider", "the school", "Hestia", "Refuge", "the drug and alcohol service",
    "the health visiting team", "the Department for Work and Pensions", "the Community Safety Partnership",
]  # fmt: skip
CONCERNS = [
    "coercive and controlling behaviour", "financial abuse", "non-fatal strangulation", "stalking", "isolation from family",
    "threats to kill", "damage to property", "alcohol misuse", "depression and anxiety", "a head injury",
    "bruising to her arms", "missed appointments", "housing arrears", "a breach of a non-molestation order",
]  # fmt: skip
EMAIL_DOMAINS = ["example.com", "example.org", "example.net", "example.co.uk", "mail.example.com"]
